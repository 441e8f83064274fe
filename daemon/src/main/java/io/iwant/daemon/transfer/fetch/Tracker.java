package io.iwant.daemon.transfer.fetch;

import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;

/**
 * The manager's book on one download: its latest progress, the stored record, which attempt is current (every
 * cancel and restart starts a new one, so steps of an old attempt recognise themselves and stand down), and what
 * is running for it. Guarded by the {@link DownloadManager}'s lock: hold it around every call.
 */
final class Tracker {
    /**
     * What is running for the download. Moves: idle to waiting; waiting to preparing (it got a slot) or finishing
     * (cancelled in the queue); preparing to the loop, to finishing, or back to idle (already there, or cancelled);
     * the loop to finishing; finishing to idle (a failed preparation may say finishing twice). {@link #enter} fails
     * loudly on anything else.
     */
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
        FINISHING;

        boolean canMoveTo(Phase next) {
            return allowed().contains(next);
        }

        private Set<Phase> allowed() {
            return switch (this) {
                case IDLE -> EnumSet.of(WAITING);
                case WAITING -> EnumSet.of(PREPARING, FINISHING);
                case PREPARING -> EnumSet.of(LOOP, FINISHING, IDLE);
                case LOOP -> EnumSet.of(FINISHING);
                case FINISHING -> EnumSet.of(FINISHING, IDLE);
            };
        }
    }

    private final String hash;
    /** Who reads the download as it arrives; kept across attempts, so a reader waits through a restart. */
    private final Readers readers = new Readers();
    private Progress progress;
    private ResumeStore.Record record;
    private Preparer.Job job;
    private Phase phase = Phase.IDLE;
    private int attempt;
    private boolean slot;
    private boolean resumed;
    private boolean again;
    /** Cleared from the list while its last step still ran: forgotten when that step ends. */
    private boolean forget;
    private long firstRetry = -1;
    private ScheduledFuture<?> refresh;

    Tracker(String hash) {
        this.hash = hash;
        this.progress = Progress.queued(hash);
    }

    /** A download found in the resume store at start; {@code resumed} if it is taken up again. */
    static Tracker stored(ResumeStore.Record record, Progress progress, boolean resumed) {
        Tracker t = new Tracker(record.hash());
        t.record = record;
        t.progress = progress;
        t.resumed = resumed;
        return t;
    }

    String hash() {
        return hash;
    }

    Readers readers() {
        return readers;
    }

    Progress progress() {
        return progress;
    }

    /** True once the download is done, failed or cancelled. */
    boolean finished() {
        return progress.state().finished();
    }

    /** Takes {@code next} as the latest progress; a change of state must be one {@link io.iwant.protocol.control.DownloadState} allows. */
    void show(Progress next) {
        if (progress.state() != next.state()) {
            progress.state().check(next.state());
        }
        progress = next;
    }

    ResumeStore.Record record() {
        return record;
    }

    Preparer.Job job() {
        return job;
    }

    Phase phase() {
        return phase;
    }

    /** Moves to {@code next}, or throws if the phase it is in cannot move there. */
    void enter(Phase next) {
        if (!phase.canMoveTo(next)) {
            throw new IllegalStateException("the download of " + hash + " cannot go from " + phase + " to " + next);
        }
        phase = next;
    }

    // ---- attempts ----

    int attempt() {
        return attempt;
    }

    /** True while {@code attempt} is the current one. */
    boolean current(int attempt) {
        return this.attempt == attempt;
    }

    /** Asked for (again) by a user: a new attempt, not a resumed one, back in the list, patient afresh. */
    void askedFor() {
        forget = false;
        resumed = false;
        firstRetry = -1;
        attempt++;
    }

    /** Cancelled: the steps of the attempt that ran stand down. */
    void cancelled() {
        attempt++;
    }

    /** Resumed after a restart (preparation then waits patiently for the network index). */
    boolean resumed() {
        return resumed;
    }

    /** When this attempt first had to wait for the network index ({@code now}, the first time it is asked). */
    long waitingSince(long now) {
        if (firstRetry < 0) {
            firstRetry = now;
        }
        return firstRetry;
    }

    // ---- what runs for it ----

    /** Its files are ready: the transfer loop takes it, with {@code job}'s open files and record. */
    void transferring(Preparer.Job job) {
        enter(Phase.LOOP);
        this.job = job;
        this.record = job.record();
    }

    /** It was found complete in place; {@code record} is what was stored for it. */
    void alreadyThere(ResumeStore.Record record) {
        this.record = record;
    }

    /** Its last step ended: idle again (unless it was queued meanwhile), with no job. */
    void rest() {
        if (phase != Phase.WAITING) {
            enter(Phase.IDLE);
        }
        job = null;
    }

    /** Looks its seeders up again with {@code refresh} until {@link #stopRefresh}. */
    void refreshWith(ScheduledFuture<?> refresh) {
        this.refresh = refresh;
    }

    void stopRefresh() {
        if (refresh != null) {
            refresh.cancel(false);
            refresh = null;
        }
    }

    /** It holds one of the manager's slots for active downloads. */
    void takeSlot() {
        slot = true;
    }

    /** Gives its slot back; true if it held one. */
    boolean releaseSlot() {
        boolean held = slot;
        slot = false;
        return held;
    }

    /** Asked for again while its last step still runs: it queues itself when that step ends. */
    void askAgain() {
        again = true;
    }

    /** True (once) if it was asked for again while busy. */
    boolean takeAgain() {
        boolean was = again;
        again = false;
        return was;
    }

    /** Cleared from the list while a step still runs: it is forgotten when that step ends. */
    void forgetWhenIdle() {
        forget = true;
    }

    /** True if it was cleared from the list (and is only waiting for its last step). */
    boolean forgotten() {
        return forget;
    }
}
