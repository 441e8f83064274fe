package io.iwant.daemon.leader.sync;

import io.iwant.protocol.index.IndexDelta;
import io.iwant.protocol.index.IndexSnapshot;
import io.iwant.protocol.peer.PeerMessage;

/** What the {@link SyncSession} is fed with; the time comes with each call to {@link SyncSession#handle}. */
sealed interface SyncEvent {
    /** Time passed: checks, retries and the silence of the leader are due. */
    record Tick() implements SyncEvent {
    }

    /** Discovery names the leader to follow ("host:port"), or null while there is none. */
    record LeaderChanged(String endpoint) implements SyncEvent {
    }

    /** The local index changed. */
    record LocalChange(IndexDelta delta) implements SyncEvent {
    }

    /** Local changes were dropped before they reached the session (its queue was full): only a snapshot helps. */
    record ChangesLost() implements SyncEvent {
    }

    /** The local index's snapshot, taken as asked by {@link SyncAction.TakeSnapshot}. */
    record SnapshotTaken(IndexSnapshot snapshot) implements SyncEvent {
    }

    /** The leader answered on connection number {@code connection} (see {@link SyncAction.Connect}). */
    record Replied(int connection, PeerMessage reply) implements SyncEvent {
    }

    /** A send on connection {@code connection} failed; the sends after it were not tried. */
    record SendFailed(int connection) implements SyncEvent {
    }
}
