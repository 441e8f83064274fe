package io.iwant.daemon.index;

import io.iwant.daemon.index.Node.FileNode;
import io.iwant.daemon.index.Node.FolderNode;
import io.iwant.protocol.index.IndexDelta;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;

/**
 * Everything that changes the index, run on the one index thread ({@code iwant-index}): loading, switching
 * folders, applying hash results, settled watcher events and finished scans. Each step is one database write
 * batch and, when peers can see a difference, one or more deltas, delivered to listeners on this thread after the
 * write lock is released.
 */
final class IndexWorker implements Scanner.Host {
    private static final Logger log = LoggerFactory.getLogger(IndexWorker.class);
    private static final int DRAIN_NOW = 512;
    private static final long SLOW_STEP_NANOS = 20_000_000;

    final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    final IndexTree tree;
    final IndexStore store;
    final ChangeAggregator changes;
    final List<Consumer<IndexDelta>> listeners = new CopyOnWriteArrayList<>();
    private final IndexSettings settings;
    private final ScheduledExecutorService thread;
    private final RecentlyRemoved renames;
    private final Semaphore permits;
    private final ConcurrentLinkedQueue<HashResult> results = new ConcurrentLinkedQueue<>();
    private final AtomicInteger resultCount = new AtomicInteger();
    private final AtomicBoolean drainQueued = new AtomicBoolean();
    private final AtomicBoolean urgentDrainQueued = new AtomicBoolean();
    private final Set<String> scanning = new HashSet<>();
    HashPool pool;
    Scanner scanner;
    private final SettledChanges settled = new SettledChanges(this);

    volatile long generation;
    volatile Share share;
    volatile long version;
    private String storedRoot;
    private boolean loaded;
    private boolean collectRenames = true;
    /** Whether the stored folder records agree with the stored files (no folder hash left for later). */
    private boolean foldersConsistent;
    private Watcher watcher;
    private boolean rewatched;
    private ScheduledFuture<?> rescans;

    IndexWorker(IndexStore store, IndexSettings settings, ScheduledExecutorService thread, RecentlyRemoved renames,
                Semaphore permits) {
        this.store = store;
        this.settings = settings;
        this.thread = thread;
        this.renames = renames;
        this.permits = permits;
        this.tree = new IndexTree(this::fileRemoved);
        this.changes = new ChangeAggregator(settings.settle().toNanos(), settings.maxPendingChanges(), System::nanoTime);
    }

    /** Runs a step on the index thread, logging what it throws. */
    void execute(Runnable step) {
        schedule(step, 0);
    }

    /** Runs a step on the index thread after {@code delayMillis}, logging what it throws. */
    void schedule(Runnable step, long delayMillis) {
        try {
            thread.schedule(() -> {
                try {
                    step.run();
                } catch (RuntimeException e) {
                    log.error("Index step failed: {}", e.toString(), e);
                }
            }, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            log.debug("Index step dropped: the index is closing");
        }
    }

    void load() throws IOException {
        if (loaded) {
            return;
        }
        List<IndexStore.Stored> stored = store.loadAll();
        lock.writeLock().lock();
        try {
            stored.forEach(tree::load);
            foldersConsistent = store.foldersConsistent();
            if (foldersConsistent) {
                tree.dirtyRoot();
            } else {
                tree.dirtyAll();
            }
            version = store.version();
            storedRoot = store.share();
            loaded = true;
        } finally {
            lock.writeLock().unlock();
        }
        log.info("Index loaded: {} files, {} folders at version {}", tree.files, tree.folders, version);
    }

    /** Makes {@code next} the indexed folder pair: retires the old entries if the share moved, then rescans. */
    void switchTo(Share next) {
        if (next.sameFolders(share)) {
            return;
        }
        generation++;
        closeWatcher();
        changes.clear();
        if (!next.root().toString().equals(storedRoot)) {
            collectRenames = false;
            commit(c -> {
                tree.remove("", c);
                c.putShare(next.root().toString());
            });
            collectRenames = true;
            storedRoot = next.root().toString();
        }
        share = next;
        long began = System.nanoTime();
        try {
            List<Path> known = new ArrayList<>();
            tree.folderPaths().forEach(folder -> known.add(next.resolve(folder)));
            watcher = Watcher.start(next, changes, known.size() > 1 ? known : null);
            log.debug("Watching {} took {} ms to set up (or to finish setting up)", next,
                    (System.nanoTime() - began) / 1_000_000);
            rewatched = false;
        } catch (IOException | RuntimeException e) {
            log.warn("Cannot watch {} for changes ({}); rescanning it every {} s instead", next, e.getMessage(),
                    settings.unwatchedRescan().toSeconds());
            long every = settings.unwatchedRescan().toMillis();
            long gen = generation;
            rescans = thread.scheduleWithFixedDelay(() -> scanner.request(next, "", gen), every, every,
                    TimeUnit.MILLISECONDS);
        }
        log.info("Indexing {} (downloads in {}){}", next.root(), next.downloads(),
                watcher == null ? "" : ", watching it for changes");
        scanner.request(next, "", generation);
    }

    /**
     * After a full scan: if it met a folder that is not being watched (watching was set up from the folders the
     * stored index knew, or one was created while it was being set up), set watching up again from the folders the
     * scan met and scan once more, so no folder goes unwatched. At most once per switch.
     */
    private void checkWatched(Scanner.ScanResult result) {
        if (watcher == null || rewatched || !result.root().isEmpty()) {
            return;
        }
        for (String folder : result.seen().keySet()) {
            Path abs = result.share().resolve(folder);
            if (!watcher.watches(abs)) {
                log.info("The folder {} is new since watching was set up; setting it up again", abs);
                rewatched = true;
                watcher.close();
                List<Path> met = new ArrayList<>();
                result.seen().keySet().forEach(path -> met.add(result.share().resolve(path)));
                try {
                    watcher = Watcher.start(result.share(), changes, met);
                } catch (IOException | RuntimeException e) {
                    watcher = null;
                    log.warn("Cannot watch {} for changes any more: {}", result.share(), e.getMessage());
                }
                scanner.request(result.share(), "", generation);
                return;
            }
        }
    }

    void closeWatcher() {
        if (watcher != null) {
            watcher.close();
            watcher = null;
        }
        if (rescans != null) {
            rescans.cancel(false);
            rescans = null;
        }
    }

    /** One step: mutate the tree, rehash what is not deferred, write, publish. */
    void commit(Consumer<Changes> step) {
        List<IndexDelta> deltas = List.of();
        long began = System.nanoTime();
        lock.writeLock().lock();
        try (Changes c = new Changes(store)) {
            tree.seq++;
            step.accept(c);
            tree.recompute(this::deferred, c);
            boolean consistent = !tree.hasDirty();
            if (consistent != foldersConsistent) {
                store.putFoldersConsistent(c.batch, consistent);
                foldersConsistent = consistent;
            }
            if (c.written() || c.published() || c.batch.count() > 0) {
                deltas = c.deltas(version);
                long next = version + deltas.size();
                if (!deltas.isEmpty()) {
                    store.putVersion(c.batch, next);
                }
                try {
                    store.write(c.batch);
                } catch (IOException e) {
                    log.error("The index could not be saved ({}); it stays correct in memory until restart",
                            e.getMessage());
                }
                version = next;
            }
        } finally {
            lock.writeLock().unlock();
        }
        long took = System.nanoTime() - began;
        if (took > SLOW_STEP_NANOS) {
            log.debug("Index step took {} ms ({} deltas)", took / 1_000_000, deltas.size());
        }
        for (IndexDelta delta : deltas) {
            for (Consumer<IndexDelta> listener : listeners) {
                try {
                    listener.accept(delta);
                } catch (RuntimeException e) {
                    log.warn("An index listener failed on version {}: {}", delta.version(), e.toString(), e);
                }
            }
        }
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

    private void fileRemoved(String path, FileNode file) {
        if (collectRenames && file.fileKey != null) {
            try {
                renames.put(file.size, file.mtimeNanos, file.fileKey, store.raw(path));
            } catch (IOException e) {
                log.debug("Cannot remember {} for renames: {}", path, e.getMessage());
            }
        }
    }

    // ---- hash results, from the hashing threads

    void accept(HashResult result) {
        results.add(result);
        int waiting = resultCount.incrementAndGet();
        if (drainQueued.compareAndSet(false, true)) {
            schedule(this::drain, waiting >= DRAIN_NOW ? 0 : settings.drainDelay().toMillis());
        } else if (waiting >= DRAIN_NOW && urgentDrainQueued.compareAndSet(false, true)) {
            execute(this::drain);
        }
    }

    boolean resultsPending() {
        return resultCount.get() > 0;
    }

    void drain() {
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
            commit(c -> batch.forEach(r -> apply(r, c)));
        } finally {
            permits.release(held);
        }
    }

    private void apply(HashResult result, Changes c) {
        if (result.generation() != generation) {
            return;
        }
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

    // ---- settled watcher events

    void tick() {
        settled.run();
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
            return tree.seq;
        });
    }

    @Override
    public Map<String, long[]> files(String path) {
        lock.readLock().lock();
        try {
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
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public void finishScan(Scanner.ScanResult result) throws InterruptedException {
        onIndexThread(() -> {
            drain();
            scanning.remove(result.root());
            if (result.generation() != generation) {
                commit(c -> { });
                return 0L;
            }
            commit(c -> ScanReconciler.finish(tree, result, c));
            checkWatched(result);
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
