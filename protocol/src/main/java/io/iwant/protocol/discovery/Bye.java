package io.iwant.protocol.discovery;

/** "I am leaving": sent once on a clean shutdown so that the others need not wait for the failure detector. */
public record Bye(PeerStamp from) implements DiscoveryMessage {
    public Bye {
        if (from == null) {
            throw new IllegalArgumentException("a good-bye needs a sender");
        }
    }
}
