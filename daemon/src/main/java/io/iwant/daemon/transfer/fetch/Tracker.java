package io.iwant.daemon.transfer.fetch;

import java.util.concurrent.ScheduledFuture;

/**
 * The manager's book on one download: its latest progress, the stored record, which attempt is current (every
 * cancel and restart starts a new one, so steps of an old attempt recognise themselves and stand down), and what
 * is running for it. Guarded by the {@link DownloadManager}'s lock.
 */
final class Tracker {
    /** What is running for the download. */
    enum Phase {
        /** Nothing (finished, or not started). */
        IDLE,
        /** Queued for a slot. */
        WAITING,
        /** A preparing thread works on it. */
        PREPARING,
        /** The transfer loop fetches its chunks. */
        LOOP,
        /** Placement or clean-up runs. */
        FINISHING
    }

    final String hash;
    Progress progress;
    ResumeStore.Record record;
    Preparer.Job job;
    Phase phase = Phase.IDLE;
    int attempt;
    boolean slot;
    boolean resumed;
    boolean again;
    /** Cleared from the list while its last step still ran: forgotten when that step ends. */
    boolean forget;
    long firstRetry = -1;
    ScheduledFuture<?> refresh;

    Tracker(String hash) {
        this.hash = hash;
        this.progress = Progress.queued(hash);
    }
}
