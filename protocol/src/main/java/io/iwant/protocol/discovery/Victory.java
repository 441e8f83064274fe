package io.iwant.protocol.discovery;

/**
 * "I lead from this term on": the sender won an election. {@code secret} is drawn at random for this leadership;
 * a follower that later hears another secret from the same leader knows that the leader restarted.
 */
public record Victory(PeerStamp from, long term, long secret) implements DiscoveryMessage {
    public Victory {
        if (from == null) {
            throw new IllegalArgumentException("a victory needs a sender");
        }
        if (term <= 0) {
            throw new IllegalArgumentException("a victory needs a positive term: " + term);
        }
        DiscoveryMessage.checkTerm(term);
    }
}
