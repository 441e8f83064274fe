package io.iwant.daemon.leader.sync;

import io.iwant.protocol.peer.PeerMessage;

/** What the {@link SyncSession} asks its loop to do, in order. */
sealed interface SyncAction {
    /** Drop the connection to the leader, if any, and connect afresh to {@code endpoint}: number {@code connection}. */
    record Connect(int connection, String endpoint) implements SyncAction {
    }

    /** Drop the connection to the leader. */
    record Disconnect() implements SyncAction {
    }

    /** Take the local index's snapshot and hand it back as {@link SyncEvent.SnapshotTaken}. */
    record TakeSnapshot() implements SyncAction {
    }

    /**
     * Send {@code frame} (the encoded {@code message}, at most the session's frame limit) on the current connection.
     * A send that may be dropped ({@code droppable}, a check) is tried without waiting and its failure is ignored;
     * any other that fails is reported as {@link SyncEvent.SendFailed}, and the sends after it are skipped.
     */
    record Send(PeerMessage message, byte[] frame, boolean droppable) implements SyncAction {
    }
}
