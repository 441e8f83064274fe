package io.iwant.daemon.election;

/** A leadership: who leads, in which incarnation, from which term on, with which session secret. */
public record Leader(String peerId, long incarnation, long term, long secret) {
    public Leader {
        if (peerId == null || peerId.isEmpty()) {
            throw new IllegalArgumentException("a leader needs a peer id");
        }
        if (term <= 0) {
            throw new IllegalArgumentException("a leader needs a positive term");
        }
    }
}
