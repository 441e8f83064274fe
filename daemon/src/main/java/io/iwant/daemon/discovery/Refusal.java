package io.iwant.daemon.discovery;

import java.net.InetAddress;

/**
 * Datagrams discovery refused from one address for one reason, since this peer started: how many, and how long ago
 * the last one came (on this peer's monotonic clock).
 */
public record Refusal(InetAddress address, Reason reason, long count, long sinceLastMillis) {
    /** Why datagrams of another peer are not let in. */
    public enum Reason {
        /** A private network's datagram with another key id. */
        OTHER_NETWORK("%s is in another private network (its key differs from this peer's); it is not let in"),
        /** An open network's datagram reached a peer of a private network. */
        OPEN_PEER("%s is an open-network peer; this peer is in a private network and ignores it"),
        /** A private network's datagram reached a peer of an open network. */
        PRIVATE_PEER("%s is in a private network; this peer is in an open network and ignores it"),
        /** Our key id, but a tag that the key did not make. */
        FORGED("Datagrams from %s carry a wrong tag (forged or damaged); they are ignored"),
        /** A datagram of another peer resent from another address, or one meant for another peer. */
        REPLAYED("%s resends datagrams of other peers (captured replays, sent from another address or meant for "
                + "another peer); they are ignored");

        private final String sentence;

        Reason(String sentence) {
            this.sentence = sentence;
        }

        /** What a user reads about datagrams of this kind from {@code address}. */
        public String sentence(InetAddress address) {
            return String.format(sentence, address.getHostAddress());
        }
    }

    /** What a user reads about these datagrams. */
    public String sentence() {
        return reason.sentence(address);
    }
}
