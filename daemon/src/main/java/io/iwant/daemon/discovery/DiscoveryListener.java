package io.iwant.daemon.discovery;

import java.util.Optional;

/**
 * What discovery tells the rest of the daemon. Called on the discovery thread, one call at a time: return quickly
 * and hand real work to a thread of your own (a slow listener delays beacons and pings).
 */
public interface DiscoveryListener {
    /**
     * The leadership changed: another leader, or the same peer leading again under a new term (after which it
     * knows nothing of before, so followers send it their state afresh). Empty while no leader is known.
     */
    default void leaderChanged(Optional<Peer> leader, long term) {
    }

    /** A peer appeared (also a peer that restarted: it left, then joined). */
    default void memberJoined(Peer peer) {
    }

    /** A peer said good-bye, fell silent for the peer timeout, or restarted. */
    default void memberLeft(Peer peer) {
    }
}
