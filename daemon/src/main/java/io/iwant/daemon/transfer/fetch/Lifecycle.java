package io.iwant.daemon.transfer.fetch;

import io.iwant.protocol.control.DownloadState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.CancellationException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The steps of a download after it gets a slot, on the preparing threads: preparation (and waiting for the network
 * index), handing it to the transfer loop, and, on the loop's reports, placement or failure. Every step checks that
 * its attempt is still the current one and otherwise stands down (cleaning up after itself). State changes go
 * through the {@link Book} of downloads, under its lock.
 */
final class Lifecycle {
    private static final Logger log = LoggerFactory.getLogger(Lifecycle.class);

    /**
     * What the steps need from whoever keeps the book of downloads (the {@link DownloadManager}). Its lock guards
     * every {@link Tracker}: the steps hold it around reading or changing one.
     */
    interface Book {
        /** The monitor that guards every tracker. */
        Object lock();

        /** The tracker of {@code hash}, or null. */
        Tracker tracker(String hash);

        /** True once the manager is closing: nothing new starts. */
        boolean closed();

        /** Publishes {@code next} as the download's progress. */
        void show(Tracker t, Progress next);

        /** The download failed for {@code reason}: it gives its slot back and says why. */
        void failed(Tracker t, String reason);

        /** The download is in place at {@code target}. */
        void done(Tracker t, Path target);

        /** The last step for the download ended (it is taken up again if it was asked for meanwhile). */
        void idle(Tracker t);
    }

    private final Book book;
    private final ResumeStore store;
    private final SeederDirectory directory;
    private final Preparer preparer;
    private final Finisher finisher;
    private final ScheduledThreadPoolExecutor prep;
    private final TransferSettings settings;
    private final LongSupplier clock;
    private TransferLoop loop;

    Lifecycle(Book book, ResumeStore store, SeederDirectory directory, Preparer preparer,
              Finisher finisher, ScheduledThreadPoolExecutor prep, TransferSettings settings, LongSupplier clock) {
        this.book = book;
        this.store = store;
        this.directory = directory;
        this.preparer = preparer;
        this.finisher = finisher;
        this.prep = prep;
        this.settings = settings;
        this.clock = clock;
    }

    void attach(TransferLoop transferLoop) {
        this.loop = transferLoop;
    }

    /** What the transfer loop reports, turned into steps on the preparing threads. */
    TransferLoop.Events loopEvents() {
        return new LoopEvents();
    }

    /** Runs {@code step} on a preparing thread (not at all once they are shut down). */
    void later(Runnable step) {
        try {
            prep.execute(step);
        } catch (RejectedExecutionException closing) {
            log.debug("not running a transfer step: shutting down");
        }
    }

    void prepare(Tracker t, int attempt) {
        boolean patient;
        synchronized (book.lock()) {
            patient = t.resumed();
        }
        ResumeStore.Record resumed = storedRecord(t.hash()); // a failed or cancelled run continues where it stopped
        if (resumed != null && resumed.state() == DownloadState.DONE) {
            resumed = null; // asked for again after it finished: start afresh
        }
        Preparer.Reporter reporter = new Preparer.Reporter() {
            @Override
            public void report(Progress progress) {
                synchronized (book.lock()) {
                    if (t.current(attempt) && !t.finished()) {
                        book.show(t, progress);
                    }
                }
            }

            @Override
            public boolean cancelled() {
                synchronized (book.lock()) {
                    return !t.current(attempt) || book.closed();
                }
            }
        };
        try {
            Preparer.Outcome outcome = preparer.prepare(t.hash(), resumed, patient, reporter);
            prepared(t, attempt, outcome);
        } catch (Preparer.RetryLater e) {
            retryLater(t, attempt, e.getMessage());
        } catch (CancellationException e) {
            preparationEnded(t, attempt, null);
        } catch (IOException | RuntimeException e) {
            if (!(e instanceof IOException)) {
                log.error("preparing the download of {} failed", t.hash(), e);
            }
            preparationEnded(t, attempt, e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    private void prepared(Tracker t, int attempt, Preparer.Outcome outcome) throws IOException {
        if (outcome instanceof Preparer.Finished finished) {
            finisher.alreadyThere(finished.record(), finished.target());
            synchronized (book.lock()) {
                if (t.current(attempt)) {
                    t.alreadyThere(finished.record());
                    book.done(t, finished.target());
                    return;
                }
            }
            book.idle(t);
            return;
        }
        Preparer.Ready ready = (Preparer.Ready) outcome;
        synchronized (book.lock()) {
            if (t.current(attempt) && !book.closed()) {
                t.transferring(ready.job());
                ready.download().picker.follow(t.readers()); // before the loop has it: a seek counts from the first pick
                book.show(t, ready.download().progress(clock.getAsLong()));
                loop.add(ready.download(), ready.seeders());
                long every = settings.lookupInterval().toMillis();
                t.refreshWith(prep.scheduleWithFixedDelay(() -> refreshSeeders(t.hash()), every, every,
                        TimeUnit.MILLISECONDS));
                return;
            }
        }
        Finisher.closeQuietly(ready.job());
        preparationEnded(t, attempt, null);
    }

    /** Preparation stopped: cancelled ({@code failure} null) or failed. */
    private void preparationEnded(Tracker t, int attempt, String failure) {
        ResumeStore.Record record = storedRecord(t.hash()); // the preparation may have stored a newer one
        synchronized (book.lock()) {
            if (t.current(attempt) && failure != null) {
                t.enter(Tracker.Phase.FINISHING);
                book.failed(t, failure);
            }
        }
        if (failure != null) {
            log.warn("the download of {} failed: {}", t.hash(), failure);
            finisher.stopped(record, null, DownloadState.FAILED, failure);
        } else {
            finisher.stopped(record, null, DownloadState.CANCELLED, "");
        }
        book.idle(t);
    }

    private void retryLater(Tracker t, int attempt, String why) {
        synchronized (book.lock()) {
            if (!t.current(attempt) || book.closed()) {
                t.enter(Tracker.Phase.FINISHING);
            } else {
                long now = clock.getAsLong();
                if (now - t.waitingSince(now) < settings.lookupPatience().toNanos()) {
                    log.info("the download of {} waits: {}", t.hash(), why);
                    try {
                        prep.schedule(() -> prepare(t, attempt), 2, TimeUnit.SECONDS);
                    } catch (RejectedExecutionException closing) {
                        // shutting down
                    }
                    return;
                }
            }
        }
        preparationEnded(t, attempt, t.current(attempt) ? why : null);
    }

    private ResumeStore.Record storedRecord(String hash) {
        try {
            return store.get(hash).orElse(null);
        } catch (IOException e) {
            log.warn("cannot read the resume state of {}: {}", hash, e.getMessage());
            return null;
        }
    }

    private void refreshSeeders(String hash) {
        try {
            directory.lookup(hash).ifPresent(found -> loop.seeders(hash, found.seeders()));
        } catch (IOException | RuntimeException e) {
            log.debug("looking up the seeders of {} again failed: {}", hash, e.getMessage());
        }
    }

    /** The transfer loop's reports, turned into steps on the preparing threads. */
    private final class LoopEvents implements TransferLoop.Events {
        @Override
        public void progress(ActiveDownload d, long now) {
            synchronized (book.lock()) {
                Tracker t = book.tracker(d.hash);
                if (t == null || t.phase() != Tracker.Phase.LOOP
                        || t.progress().state() != DownloadState.DOWNLOADING) {
                    return;
                }
                book.show(t, d.progress(now));
            }
        }

        @Override
        public void fileDone(ActiveDownload d, FileTask file) {
            if (file.finishesAtOnce()) { // most small files: nothing to do that would hold up the loop
                file.finishedNow();
                return;
            }
            try {
                d.finishing = d.finishing.thenRunAsync(() -> {
                    try {
                        Finisher.finishFile(file);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }, prep);
            } catch (RejectedExecutionException closing) {
                // shutting down: the file is finished when the download resumes
            }
        }

        /**
         * Takes the download's tracker out of the transfer loop into finishing, or returns null when it already left
         * (cancelled, or the other outcome came first). The caller holds the manager's lock.
         */
        private Tracker leaveLoop(ActiveDownload d) {
            Tracker t = book.tracker(d.hash);
            if (t == null || t.phase() != Tracker.Phase.LOOP) {
                return null;
            }
            t.enter(Tracker.Phase.FINISHING);
            t.stopRefresh();
            return t;
        }

        @Override
        public void done(ActiveDownload d) {
            Tracker t;
            int attempt;
            Preparer.Job job;
            synchronized (book.lock()) {
                t = leaveLoop(d);
                if (t == null) {
                    return;
                }
                attempt = t.attempt();
                job = t.job();
                book.show(t, d.progress(clock.getAsLong()).with(DownloadState.VERIFYING));
            }
            try {
                d.finishing.whenCompleteAsync((ok, error) -> placeOrFail(t, attempt, job, error), prep);
            } catch (RejectedExecutionException closing) {
                // shutting down: the download is placed when it resumes
            }
        }

        @Override
        public void failed(ActiveDownload d, String reason) {
            Tracker t;
            int attempt;
            synchronized (book.lock()) {
                t = leaveLoop(d);
                if (t == null) {
                    return;
                }
                attempt = t.attempt();
            }
            later(() -> ended(t, attempt, reason));
        }
    }

    private void placeOrFail(Tracker t, int attempt, Preparer.Job job, Throwable error) {
        if (error != null) {
            Throwable cause = error.getCause() != null ? error.getCause() : error;
            ended(t, attempt, "cannot finish the files: " + cause.getMessage());
            return;
        }
        boolean stale;
        synchronized (book.lock()) {
            stale = !t.current(attempt);
        }
        if (stale) { // cancelled while the files were being finished
            finisher.stopped(job.record(), job, DownloadState.CANCELLED, "");
            book.idle(t);
            return;
        }
        try {
            Path target = finisher.place(job);
            synchronized (book.lock()) {
                if (t.current(attempt)) {
                    book.done(t, target);
                    return;
                }
            }
            book.idle(t);
        } catch (IOException | RuntimeException e) {
            ended(t, attempt, "cannot move the download into place: " + e.getMessage());
        }
    }

    /** A download in the loop or finishing failed: close its files, keep its part, record the reason. */
    private void ended(Tracker t, int attempt, String reason) {
        Preparer.Job job;
        synchronized (book.lock()) {
            job = t.job();
            if (t.current(attempt)) {
                book.failed(t, reason);
                log.warn("the download of {} failed: {}", t.progress().name(), reason);
            }
        }
        if (job != null) {
            finisher.stopped(job.record(), job, DownloadState.FAILED, reason);
        }
        book.idle(t);
    }
}
