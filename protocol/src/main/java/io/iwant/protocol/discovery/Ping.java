package io.iwant.protocol.discovery;

/** A follower asks its leader whether it still leads; {@code nonce} comes back in the {@link Pong}. */
public record Ping(PeerStamp from, long nonce) implements DiscoveryMessage {
    public Ping {
        if (from == null) {
            throw new IllegalArgumentException("a ping needs a sender");
        }
    }
}
