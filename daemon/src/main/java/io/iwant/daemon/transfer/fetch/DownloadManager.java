package io.iwant.daemon.transfer.fetch;

import io.iwant.daemon.store.Db;
import io.iwant.daemon.util.Health;
import io.iwant.protocol.control.DownloadState;
import io.iwant.protocol.hash.Hex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.ZContext;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Every download of this peer: starts them (at most {@code maxActive} at once, the rest queued), follows them
 * through preparation, transfer and placement, resumes unfinished ones after a restart, cancels and retries, and
 * publishes progress to listeners.
 * <p>Threads: the public methods may be called from any thread and never block on the network or the disk.
 * Preparation, placement and clean-up run on two {@code transfer-prep} threads; chunks move on the
 * {@code transfer-loop} thread (which owns every transfer socket) and are checked and written on
 * {@code transfer-verify} threads; listeners are called on the {@code transfer-progress} thread. State lives in
 * {@link Tracker}s guarded by this object's lock.
 * <p>Close the manager before the {@link Db} it was given.
 */
public final class DownloadManager implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DownloadManager.class);

    private final ResumeStore store;
    private final TransferSettings settings;
    private final Finisher finisher;
    private final Verifier verifier;
    private final TransferLoop loop;
    private final Lifecycle lifecycle;
    private final ProgressHub hub = new ProgressHub();
    private final ScheduledThreadPoolExecutor prep;
    private final Map<String, Tracker> trackers = new LinkedHashMap<>();
    private final ArrayDeque<Tracker> waiting = new ArrayDeque<>();
    private int slotsInUse;
    private boolean started;
    private boolean closed;

    /**
     * @param db             the daemon's database (column family {@code transfer} holds the resume state)
     * @param context        the ZeroMQ context the transfer sockets are made in
     * @param directory      who holds what (the leader's lookup)
     * @param copies         content this peer already has, copied instead of fetched
     * @param downloadFolder the current download folder, read when a download starts
     */
    public DownloadManager(Db db, ZContext context, SeederDirectory directory, LocalCopies copies,
                           Supplier<Path> downloadFolder, TransferSettings settings, Health health) {
        this(db, context, directory, copies, downloadFolder, settings, System::nanoTime, health,
                Preparer.FreeSpace.FILE_STORE);
    }

    /** A manager whose transfer loop is not supervised: a loop that dies stays dead (tests, benchmarks). */
    public DownloadManager(Db db, ZContext context, SeederDirectory directory, LocalCopies copies,
                           Supplier<Path> downloadFolder, TransferSettings settings) {
        this(db, context, directory, copies, downloadFolder, settings, System::nanoTime, null,
                Preparer.FreeSpace.FILE_STORE);
    }

    DownloadManager(Db db, ZContext context, SeederDirectory directory, LocalCopies copies,
                    Supplier<Path> downloadFolder, TransferSettings settings, LongSupplier clock, Health health,
                    Preparer.FreeSpace freeSpace) {
        this.store = new ResumeStore(db);
        this.settings = settings;
        this.finisher = new Finisher(store);
        AtomicInteger n = new AtomicInteger();
        this.prep = new ScheduledThreadPoolExecutor(2, r -> {
            Thread t = new Thread(r, "transfer-prep-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        Preparer preparer = new Preparer(context, store, directory, copies, settings, downloadFolder, clock, freeSpace);
        this.lifecycle = new Lifecycle(new Book(), store, directory, preparer, finisher, prep, settings, clock);
        ChunkBuffers buffers = new ChunkBuffers(settings.maxBuffered() + 8);
        this.verifier = new Verifier(settings.verifyThreads(), store, buffers);
        this.loop = new TransferLoop(context, settings, verifier, buffers, lifecycle.loopEvents(), clock, health);
        lifecycle.attach(loop);
    }

    /** Starts the transfer threads and resumes every download left unfinished by an earlier run. */
    public synchronized void start() {
        if (started || closed) {
            return;
        }
        started = true;
        loop.start();
        for (ResumeStore.Record r : store.all()) {
            if (r.state().finished()) {
                trackers.put(r.hash(), Tracker.stored(r, new Progress(r.hash(), r.name(), r.dir(), r.state(),
                        r.state() == DownloadState.DONE ? r.size() : 0, r.size(), 0, -1, 0, r.reason(), r.target()),
                        false));
            } else {
                Tracker t = Tracker.stored(r, new Progress(r.hash(), r.name(), r.dir(), DownloadState.QUEUED, 0,
                        r.size(), 0, -1, 0, "", ""), true);
                trackers.put(r.hash(), t);
                log.info("resuming the download of {} ({})", r.name(), r.hash());
                enqueue(t);
            }
        }
        pump();
    }

    /**
     * Downloads a file or folder by its full hash into the download folder, or joins the download of it already
     * running. A failed or cancelled download continues where it stopped; a finished one starts again (and is done
     * at once if the content is still in place).
     *
     * @throws IllegalArgumentException if {@code hash} is not 64 lowercase hex digits
     */
    public synchronized Progress download(String hash) {
        if (!Hex.isHash(hash)) {
            throw new IllegalArgumentException("not a full content hash: " + hash);
        }
        Tracker t = trackers.get(hash);
        if (t != null && !t.finished()) {
            return t.progress();
        }
        if (t == null) {
            t = new Tracker(hash);
            trackers.put(hash, t);
        }
        t.askedFor();
        moveTo(t, Progress.queued(hash));
        enqueue(t);
        pump();
        return t.progress();
    }

    /**
     * Opens a reader of a file's verified bytes while it downloads: starts its download (or joins the one running;
     * a finished file still in place is read from there), and from then on the chunks just ahead of where the reader
     * reads are fetched first. Someone waits for it: it starts at once even when every slot for active downloads is
     * taken. Close the reader when done; the download goes on.
     *
     * @throws IllegalArgumentException if {@code hash} is not 64 lowercase hex digits
     */
    public FileStream stream(String hash) {
        return stream(hash, 0);
    }

    /**
     * As {@link #stream(String)}, for a reader that will read first at {@code from} (a player's range): the chunks
     * there are the first asked of any seeder, since the reader takes its place before the download can begin.
     */
    public FileStream stream(String hash, long from) {
        FileStream reader = new FileStream(this, hash);
        Optional<Progress> known = progress(hash);
        if (known.isEmpty() || !FileStream.inPlace(known.get())) {
            synchronized (this) {
                download(hash);
                reader.seek(from);
                Tracker t = trackers.get(hash);
                if (!closed && t.phase() == Tracker.Phase.WAITING && waiting.remove(t)) {
                    begin(t);
                }
            }
        }
        return reader;
    }

    /** What a reader of {@code hash} can read now; null if there is no such download (or it was cleared). */
    synchronized FileStream.Source source(String hash) {
        Tracker t = trackers.get(hash);
        if (t == null || t.forgotten()) {
            return null;
        }
        Preparer.Job job = t.job();
        FileTask file = job != null && !job.record().dir() && job.files().size() == 1 ? job.files().get(0) : null;
        return new FileStream.Source(t.progress(), file, t.readers());
    }

    /** A reader moved: the transfer loop picks from its new window at once. */
    void nudge() {
        loop.nudge();
    }

    public synchronized Optional<Progress> progress(String hash) {
        Tracker t = trackers.get(hash);
        return t == null || t.forgotten() ? Optional.empty() : Optional.of(t.progress());
    }

    /** Every download known, oldest first, finished ones included until cleared. */
    public synchronized List<Progress> list() {
        List<Progress> all = new ArrayList<>();
        trackers.values().stream().filter(t -> !t.forgotten()).forEach(t -> all.add(t.progress()));
        return all;
    }

    /**
     * Stops a download; what it fetched stays (part file and resume state), so {@link #retry} continues where it
     * stopped. False if there is no such unfinished download.
     */
    public synchronized boolean cancel(String hash) {
        Tracker t = trackers.get(hash);
        if (t == null || t.finished()) {
            return false;
        }
        t.cancelled();
        moveTo(t, t.progress().with(DownloadState.CANCELLED));
        releaseSlot(t);
        ResumeStore.Record record = t.record();
        Preparer.Job job = t.job();
        switch (t.phase()) {
            case WAITING -> {
                waiting.remove(t);
                background(t, () -> finisher.stopped(record, null, DownloadState.CANCELLED, ""));
            }
            case LOOP -> {
                t.stopRefresh();
                t.enter(Tracker.Phase.FINISHING);
                loop.remove(hash, () -> lifecycle.later(() -> {
                    finisher.stopped(record, job, DownloadState.CANCELLED, "");
                    idle(t);
                }));
            }
            default -> { } // preparing or finishing: that step sees the new attempt and stops
        }
        pump();
        return true;
    }

    /**
     * Stops a download and forgets it: unlike {@link #cancel}, what it fetched is deleted. False if there is no such
     * unfinished download.
     */
    public synchronized boolean discard(String hash) {
        if (!cancel(hash)) {
            return false;
        }
        trackers.get(hash).forgetWhenIdle(); // the step cancel started ends in idle(), which forgets it
        return true;
    }

    /** Starts a failed or cancelled download again; false if there is none. */
    public synchronized boolean retry(String hash) {
        Tracker t = trackers.get(hash);
        if (t == null || (t.progress().state() != DownloadState.FAILED
                && t.progress().state() != DownloadState.CANCELLED)) {
            return false;
        }
        download(hash);
        return true;
    }

    /**
     * Forgets finished downloads (done, failed, cancelled): they leave the list, and the part files of failed and
     * cancelled ones are deleted. Returns how many.
     */
    public synchronized int clearFinished() {
        int n = 0;
        for (var it = trackers.values().iterator(); it.hasNext(); ) {
            Tracker t = it.next();
            if (!t.finished() || t.forgotten()) {
                continue;
            }
            n++;
            if (t.phase() == Tracker.Phase.IDLE) {
                it.remove();
                String hash = t.hash();
                lifecycle.later(() -> finisher.forget(hash));
            } else {
                t.forgetWhenIdle(); // its last step still runs; idle() forgets it
            }
        }
        return n;
    }

    /** Called with every change of any download, on the progress thread; keep it short. */
    public void addListener(Consumer<Progress> listener) {
        hub.add(listener);
    }

    public void removeListener(Consumer<Progress> listener) {
        hub.remove(listener);
    }

    // ---- the life of a download ----

    private void enqueue(Tracker t) {
        if (t.phase() == Tracker.Phase.IDLE) {
            t.enter(Tracker.Phase.WAITING);
            waiting.add(t);
        } else {
            t.askAgain(); // its last step is still running; it queues itself when that ends
        }
    }

    private void pump() {
        while (!closed && slotsInUse < settings.maxActive() && !waiting.isEmpty()) {
            begin(waiting.poll());
        }
    }

    /** Takes a waiting download out of the queue into preparation, with a slot. */
    private void begin(Tracker t) {
        t.enter(Tracker.Phase.PREPARING);
        t.takeSlot();
        slotsInUse++;
        int attempt = t.attempt();
        lifecycle.later(() -> lifecycle.prepare(t, attempt));
    }

    private synchronized void done(Tracker t, Path target) {
        releaseSlot(t);
        t.stopRefresh();
        Progress p = t.progress();
        ResumeStore.Record r = t.record();
        long size = r != null ? r.size() : p.size();
        moveTo(t, new Progress(t.hash(), r != null ? r.name() : p.name(), r != null ? r.dir() : p.dir(),
                DownloadState.DONE, size, size, 0, -1, 0, "", target.toString()));
        log.info("downloaded {} to {}", t.progress().name(), target);
        t.rest();
        pump();
    }

    /** The last step for {@code t} ended: take it up again if it was asked for meanwhile. */
    private synchronized void idle(Tracker t) {
        t.rest();
        if (t.forgotten() && t.phase() == Tracker.Phase.IDLE && trackers.get(t.hash()) == t) {
            trackers.remove(t.hash());
            lifecycle.later(() -> finisher.forget(t.hash()));
        }
        releaseSlot(t);
        if (t.takeAgain()) {
            enqueue(t);
        }
        pump();
    }

    private synchronized void failed(Tracker t, String reason) {
        releaseSlot(t);
        moveTo(t, t.progress().failed(reason));
    }

    private void releaseSlot(Tracker t) {
        if (t.releaseSlot()) {
            slotsInUse--;
        }
    }

    private void moveTo(Tracker t, Progress next) {
        t.show(next);
        hub.publish(next);
    }

    private void background(Tracker t, Runnable step) {
        t.enter(Tracker.Phase.FINISHING);
        lifecycle.later(() -> {
            step.run();
            idle(t);
        });
    }

    /** What the steps of a download may do to the book: always under this manager's lock. */
    private final class Book implements Lifecycle.Book {
        @Override
        public Object lock() {
            return DownloadManager.this;
        }

        @Override
        public Tracker tracker(String hash) {
            return trackers.get(hash);
        }

        @Override
        public boolean closed() {
            return closed;
        }

        @Override
        public void show(Tracker t, Progress next) {
            moveTo(t, next);
        }

        @Override
        public void failed(Tracker t, String reason) {
            DownloadManager.this.failed(t, reason);
        }

        @Override
        public void done(Tracker t, Path target) {
            DownloadManager.this.done(t, target);
        }

        @Override
        public void idle(Tracker t) {
            DownloadManager.this.idle(t);
        }
    }

    @Override
    public void close() {
        List<Preparer.Job> jobs = new ArrayList<>();
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            for (Tracker t : trackers.values()) {
                t.stopRefresh();
                if (t.job() != null) {
                    jobs.add(t.job());
                }
            }
        }
        loop.close(); // first, so that it reports nothing more
        prep.shutdownNow();
        try {
            prep.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        verifier.close();
        jobs.forEach(Finisher::closeQuietly);
        hub.close();
    }
}
