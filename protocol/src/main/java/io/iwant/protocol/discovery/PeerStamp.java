package io.iwant.protocol.discovery;

import io.iwant.protocol.wire.Limits;

/**
 * Who sent a discovery datagram: the peer's id (stable across restarts of the same home), its incarnation (a
 * random number drawn at every start, so a restart is told apart from the peer that was there before) and its
 * uptime in milliseconds on its own monotonic clock. Receivers turn the uptime into a start time on their own
 * clock; no wall clock ever crosses the wire.
 */
public record PeerStamp(String peerId, long incarnation, long uptimeMillis) {
    /** Longest peer id accepted on the wire. */
    public static final int MAX_PEER_ID = 64;

    public PeerStamp {
        checkPeerId(peerId, "peer id");
        if (uptimeMillis < 0 || uptimeMillis > Limits.MAX_UPTIME_MILLIS) {
            throw new IllegalArgumentException("uptime out of range: " + uptimeMillis);
        }
    }

    /** Checks a peer id: 1 to {@link #MAX_PEER_ID} printable ASCII characters without spaces. */
    public static void checkPeerId(String peerId, String what) {
        if (peerId == null || peerId.isEmpty() || peerId.length() > MAX_PEER_ID) {
            throw new IllegalArgumentException(what + " must have 1 to " + MAX_PEER_ID + " characters");
        }
        for (int i = 0; i < peerId.length(); i++) {
            char c = peerId.charAt(i);
            if (c <= ' ' || c > '~') {
                throw new IllegalArgumentException(what + " has a character that is not printable ASCII");
            }
        }
    }
}
