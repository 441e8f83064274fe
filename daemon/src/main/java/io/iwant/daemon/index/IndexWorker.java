package io.iwant.daemon.index;

import io.iwant.daemon.index.Node.FileNode;
import io.iwant.daemon.index.Node.FolderNode;
import io.iwant.daemon.util.Health;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Everything that changes the index, run on the one index thread ({@code iwant-index}): loading, switching
 * folders, applying hash results, settled watcher events and finished scans. Each step is one {@link IndexData}
 * commit: one database write batch and, when peers can see a difference, one or more deltas, delivered to listeners
 * on this thread after the write lock is released. Builds and owns what it drives: the index thread, the hashing
 * pool, the scanner, the watching; it goes from new to running ({@link #start}) to closed ({@link #close}), never
 * back, and refuses anything else loudly.
 */
final class IndexWorker implements Scanner.Host, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(IndexWorker.class);
    private static final int DRAIN_NOW = 512;
    private static final int RENAMES_KEPT = 10_000;
    private static final long RENAME_BYTES = 32L << 20;
    private static final long RENAME_TTL_NANOS = TimeUnit.SECONDS.toNanos(30);

    /** Where the worker is in its life: new, running once started, closed. */
    private enum State { NEW, RUNNING, CLOSED }

    /** The name the index thread reports its health under. */
    static final String PART = "index";

    private final Health health;
    private final IndexSettings settings;
    private final ScheduledExecutorService thread;
    private final IndexData data;
    private final ChangeAggregator changes;
    private final Semaphore permits;
    private final HashPool pool;
    private final Scanner scanner;
    private final ShareWatch watch;
    private final ConcurrentLinkedQueue<HashResult> results = new ConcurrentLinkedQueue<>();
    private final AtomicInteger resultCount = new AtomicInteger();
    private final AtomicBoolean drainQueued = new AtomicBoolean();
    private final AtomicBoolean urgentDrainQueued = new AtomicBoolean();
    /** The roots of the scans running now; the index thread's own. */
    private final Set<String> scanning = new HashSet<>();
    /** Guarded by this. */
    private State state = State.NEW;
    /** Written on the index thread (and by close), read from any thread. */
    private volatile long generation;
    private volatile Share share;

    /**
     * Builds the worker and everything it drives; nothing runs until {@link #start}. {@code clock} (monotonic
     * nanoseconds) decides when watcher events have settled and when a removed file is forgotten for renames.
     */
    IndexWorker(IndexStore store, IndexSettings settings, LongSupplier clock, Health health) {
        this.settings = settings;
        this.health = health;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "iwant-index");
            t.setDaemon(true);
            return t;
        });
        RecentlyRemoved renames = new RecentlyRemoved(RENAMES_KEPT, RENAME_BYTES, RENAME_TTL_NANOS, clock);
        this.data = new IndexData(store, renames, this::deferred);
        this.changes = new ChangeAggregator(settings.settle().toNanos(), settings.maxPendingChanges(), clock);
        this.permits = new Semaphore(settings.scanInFlight());
        this.pool = new HashPool(settings.hashThreads(), this::accept, renames);
        this.scanner = new Scanner(this, pool, permits);
        this.watch = new ShareWatch(changes, scanner, thread, settings.unwatchedRescan());
    }

    // ---- from any thread

    /**
     * New to running: starts collecting settled watcher events every tick and, on the index thread, loads the
     * stored index and switches to {@code first}. Returns at once.
     */
    synchronized void start(Share first) {
        if (state != State.NEW) {
            throw new IllegalStateException("the index was already started");
        }
        state = State.RUNNING;
        long tick = settings.tick().toMillis();
        health.running(PART);
        // a periodic task that throws is never run again: the tick catches what it throws, like every step
        thread.scheduleWithFixedDelay(() -> guarded(this::tick), tick, tick, TimeUnit.MILLISECONDS);
        execute(() -> {
            try {
                data.load();
            } catch (IOException e) {
                throw new IllegalStateException("cannot load the index: " + e.getMessage(), e);
            }
            switchTo(first);
        });
    }

    /** While running: switches to {@code next} on the index thread. Returns at once. */
    synchronized void switchLater(Share next) {
        if (state != State.RUNNING) {
            throw new IllegalStateException("the index is not running");
        }
        execute(() -> switchTo(next));
    }

    /** To closed: stops scanning, hashing and watching; waits for the index thread to finish its step. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (state == State.CLOSED) {
                return;
            }
            state = State.CLOSED;
        }
        generation++;
        scanner.close();
        pool.close();
        execute(watch::stop);
        thread.shutdown();
        try {
            if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The tree and store, the version and the listeners. */
    IndexData data() {
        return data;
    }

    /** The share being indexed; null before the first switch. */
    Share share() {
        return share;
    }

    /** Totals and hashing progress. */
    IndexStats stats() {
        boolean hashing = busy();
        return data.query((tree, store) -> new IndexStats(tree.files, tree.folders, tree.bytes, hashing,
                hashing ? pool.hashedBytes() : 0, hashing ? pool.pendingBytes() : 0));
    }

    /** Files whose contents were read since this worker was built. */
    long filesRead() {
        return pool.filesRead();
    }

    /**
     * Waits until, asked on the index thread, no scan is queued or running and every hashed file is applied.
     *
     * @return false if that did not happen within {@code timeout}, or the index is closing
     */
    boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() - deadline < 0) {
            try {
                boolean idle = !thread.submit(this::busy).get(Math.max(1, deadline - System.nanoTime()),
                        TimeUnit.NANOSECONDS);
                if (idle) {
                    return true;
                }
            } catch (ExecutionException | TimeoutException | RejectedExecutionException e) {
                return false;
            }
            Thread.sleep(5);
        }
        return false;
    }

    private boolean busy() {
        return scanner.busy() || pool.active() > 0 || resultCount.get() > 0;
    }

    /** {@code path} was found changed: index it again once it has been quiet for the settle time. */
    void changed(Path path) {
        changes.add(path, ChangeAggregator.MODIFIED);
    }

    // ---- on the index thread

    private void execute(Runnable step) {
        schedule(step, 0);
    }

    /** Runs a step on the index thread after {@code delayMillis}, logging what it throws. */
    private void schedule(Runnable step, long delayMillis) {
        try {
            thread.schedule(() -> guarded(step), delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            log.debug("Index step dropped: the index is closing");
        }
    }

    /** Runs one step or tick; a failure is logged and reported, and the index thread goes on with the next. */
    private void guarded(Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            log.error("Index step failed: {}", e.toString(), e);
            health.restarted(PART, e);
        }
    }

    /** Makes {@code next} the indexed folder pair: retires the old entries if the share moved, then rescans. */
    private void switchTo(Share next) {
        if (next.sameFolders(share)) {
            return;
        }
        generation++;
        watch.stop();
        changes.clear();
        data.retireAll(next.root().toString());
        share = next;
        List<Path> known = new ArrayList<>();
        data.tree().folderPaths().forEach(folder -> known.add(next.resolve(folder)));
        watch.watch(next, known, generation);
        log.info("Indexing {} (downloads in {}){}", next.root(), next.downloads(),
                watch.watching() ? ", watching it for changes" : "");
        scanner.request(next, "", generation);
    }

    private boolean deferred(String path) {
        for (String root : scanning) {
            if (root.isEmpty() || path.isEmpty() || path.equals(root) || path.startsWith(root + "/")
                    || root.startsWith(path + "/")) {
                return true;
            }
        }
        return false;
    }

    /** Turns the watcher events that have settled into removals, scans and hash jobs. */
    private void tick() {
        Share s = share;
        ChangeAggregator.Batch batch = changes.takeSettled();
        if (s == null || batch.isEmpty()) {
            return;
        }
        if (batch.rescan()) {
            scanner.request(s, "", generation);
        }
        IndexTree tree = data.tree();
        SettledChanges.Work work = SettledChanges.plan(s, batch, tree::get, generation);
        if (!work.removals().isEmpty()) {
            data.commit(c -> work.removals().forEach(rel -> tree.remove(rel, c)));
        }
        for (String rel : work.scans()) {
            scanner.request(s, rel, generation);
        }
        work.jobs().forEach(pool::submit);
    }

    // ---- hash results, from the hashing threads, applied on the index thread

    private void accept(HashResult result) {
        results.add(result);
        int waiting = resultCount.incrementAndGet();
        if (drainQueued.compareAndSet(false, true)) {
            schedule(this::drain, waiting >= DRAIN_NOW ? 0 : settings.drainDelay().toMillis());
        } else if (waiting >= DRAIN_NOW && urgentDrainQueued.compareAndSet(false, true)) {
            execute(this::drain);
        }
    }

    private void drain() {
        drainQueued.set(false);
        urgentDrainQueued.set(false);
        List<HashResult> batch = new ArrayList<>();
        for (HashResult r; (r = results.poll()) != null; ) {
            resultCount.decrementAndGet();
            batch.add(r);
        }
        if (batch.isEmpty()) {
            return;
        }
        int held = 0;
        for (HashResult r : batch) {
            held += r.permit() ? 1 : 0;
        }
        try {
            data.commit(c -> batch.forEach(r -> apply(r, c)));
        } finally {
            permits.release(held);
        }
    }

    private void apply(HashResult result, Changes c) {
        if (result.generation() != generation) {
            return;
        }
        IndexTree tree = data.tree();
        if (result instanceof HashResult.Hashed h) {
            tree.putFile(h.path(), h.size(), h.mtimeNanos(), h.hash(), h.hex(), h.fileKey(), h.record(), c);
        } else if (result instanceof HashResult.Changed) {
            changes.add(share.resolve(result.path()), ChangeAggregator.MODIFIED);
        } else {
            if (result instanceof HashResult.Unreadable u) {
                log.warn("Not sharing {}: it cannot be read ({})", share.resolve(u.path()), u.reason());
            }
            if (tree.file(result.path()) != null) {
                tree.remove(result.path(), c);
            }
        }
    }

    // ---- scans (Scanner.Host), called on the scan thread

    @Override
    public long generation() {
        return generation;
    }

    @Override
    public long beginScan(String root) throws InterruptedException {
        return onIndexThread(() -> {
            scanning.add(root);
            return data.tree().seq;
        });
    }

    @Override
    public Map<String, long[]> files(String path) {
        return data.query((tree, store) -> {
            if (!(tree.get(path) instanceof FolderNode folder)) {
                return Map.of();
            }
            Map<String, long[]> files = new HashMap<>();
            for (Node child : folder.children.values()) {
                if (child instanceof FileNode f) {
                    files.put(f.name, new long[] {f.size, f.mtimeNanos});
                }
            }
            return files;
        });
    }

    @Override
    public void finishScan(Scanner.ScanResult result) throws InterruptedException {
        onIndexThread(() -> {
            drain();
            scanning.remove(result.root());
            if (result.generation() != generation) {
                data.commit(c -> { });
                return 0L;
            }
            data.commit(c -> ScanReconciler.finish(data.tree(), result, c));
            watch.checkWatched(result, generation);
            return 0L;
        });
    }

    private interface Step {
        long run();
    }

    private long onIndexThread(Step step) throws InterruptedException {
        try {
            return thread.submit(step::run).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("index step failed: " + e.getCause(), e.getCause());
        }
    }
}
