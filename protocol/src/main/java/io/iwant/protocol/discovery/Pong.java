package io.iwant.protocol.discovery;

/**
 * The answer to a {@link Ping}: whom the sender follows and at which term. When the sender leads itself
 * ({@code leaderId} is its own id) {@code secret} is its session secret; otherwise it is 0.
 */
public record Pong(PeerStamp from, long nonce, String leaderId, long term, long secret) implements DiscoveryMessage {
    public Pong {
        if (from == null) {
            throw new IllegalArgumentException("a pong needs a sender");
        }
        DiscoveryMessage.checkLeader(leaderId);
        DiscoveryMessage.checkTerm(term);
    }

    /** Whether the sender says it leads. */
    public boolean leading() {
        return leaderId.equals(from.peerId());
    }
}
