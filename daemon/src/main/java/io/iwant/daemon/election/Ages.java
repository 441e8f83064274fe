package io.iwant.daemon.election;

import io.iwant.protocol.discovery.PeerStamp;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * When each known peer started, measured on this peer's own monotonic clock: a message that says "I have been up
 * for u ms" and arrives at local time t means a start at or before t - u (the network delay only makes the
 * estimate later than the truth). The earliest estimate is kept, so estimates settle within a few messages and
 * only ever move earlier. Wall clocks are never involved.
 */
final class Ages {
    /** What a message taught about its sender. */
    enum Observation {
        /** A peer not known before. */
        NEW,
        /** The incarnation already known. */
        SAME,
        /** A later incarnation: the peer restarted. */
        RESTARTED,
        /** A message from an incarnation that restarted since: to be ignored. */
        STALE
    }

    /** An incarnation, its estimated start, and when this peer first heard of that incarnation. */
    private record Known(long incarnation, long start, long firstHeard) {
    }

    private final Map<String, Known> peers = new TreeMap<>();

    Observation observe(PeerStamp from, long now) {
        long estimate = now - from.uptimeMillis();
        Known known = peers.get(from.peerId());
        if (known == null) {
            peers.put(from.peerId(), new Known(from.incarnation(), estimate, now));
            return Observation.NEW;
        }
        if (known.incarnation() == from.incarnation()) {
            if (estimate < known.start()) {
                peers.put(from.peerId(), new Known(known.incarnation(), estimate, known.firstHeard()));
            }
            return Observation.SAME;
        }
        if (estimate > known.start()) {
            peers.put(from.peerId(), new Known(from.incarnation(), estimate, now));
            return Observation.RESTARTED;
        }
        return Observation.STALE;
    }

    void forget(String peerId) {
        peers.remove(peerId);
    }

    boolean knows(String peerId) {
        return peers.containsKey(peerId);
    }

    /** The estimated start of a known peer. */
    long start(String peerId) {
        return known(peerId).start();
    }

    /** When this peer first heard of the known incarnation of {@code peerId}. */
    long firstHeard(String peerId) {
        return known(peerId).firstHeard();
    }

    long incarnation(String peerId) {
        return known(peerId).incarnation();
    }

    /** The known peers, in a stable order. */
    Set<String> ids() {
        return peers.keySet();
    }

    private Known known(String peerId) {
        Known known = peers.get(peerId);
        if (known == null) {
            throw new IllegalStateException("unknown peer " + peerId);
        }
        return known;
    }
}
