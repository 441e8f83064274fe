package io.iwant.daemon.index;

import io.iwant.daemon.index.Node.FileNode;
import io.iwant.daemon.index.Node.FolderNode;
import io.iwant.daemon.leader.sync.IndexSource;
import io.iwant.daemon.store.Db;
import io.iwant.protocol.hash.FolderManifest;
import io.iwant.protocol.hash.Hex;
import io.iwant.protocol.index.IndexDelta;
import io.iwant.protocol.index.IndexSnapshot;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * What this peer shares, by content hash, kept in the database and in step with the shared folder.
 *
 * <p>{@link #start} loads the stored index, watches the share and scans it in the background: files whose size
 * and mtime match the stored ones are not read again; the rest are hashed several at once on a bounded pool. Live
 * changes (debounced until a path has been quiet for {@link IndexSettings#settle()}) update files and every folder
 * hash up to the root. Each visible change becomes an {@link IndexDelta} with the next version; versions are stored,
 * so they keep increasing across restarts. Not shared: the download folder, {@code *.iwant-part} files, links that
 * lead outside the share or to folders, unreadable files and names that cannot travel (all logged).
 *
 * <p>Threading: every method is thread-safe. Changes are made on one index thread ({@code iwant-index}), which
 * also calls the listeners, in version order; a listener must be quick (hand work to its own queue). Walks run on
 * {@code iwant-index-scan}, hashing on {@code iwant-index-hash-N}, the watcher on {@code iwant-index-watch}.
 * Queries ({@link #snapshot}, {@link #stats}, {@link #fileByHash}, {@link #folderByHash}) read under a read lock and
 * see the state after some whole version. The {@link Db} stays the caller's: close this index before it.
 */
public final class LocalIndex implements IndexSource, AutoCloseable {
    private final IndexWorker worker;
    private final ScheduledExecutorService thread;
    private final IndexSettings settings;
    private boolean started;
    private volatile boolean closed;

    public LocalIndex(Db db) {
        this(db, IndexSettings.defaults());
    }

    public LocalIndex(Db db, IndexSettings settings) {
        this.settings = settings;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "iwant-index");
            t.setDaemon(true);
            return t;
        });
        RecentlyRemoved renames = new RecentlyRemoved(10_000, 32L << 20, TimeUnit.SECONDS.toNanos(30),
                System::nanoTime);
        Semaphore permits = new Semaphore(settings.scanInFlight());
        this.worker = new IndexWorker(new IndexStore(db), settings, thread, renames, permits);
        worker.pool = new HashPool(settings.hashThreads(), worker::accept, renames);
        worker.scanner = new Scanner(worker, worker.pool, permits);
    }

    /**
     * Starts indexing {@code share} (the download folder {@code downloads} is never shared): loads the stored
     * index, then watches and scans in the background. Returns at once.
     *
     * @throws IOException if the shared folder is not an existing directory
     */
    public synchronized void start(Path share, Path downloads) throws IOException {
        Share next = Share.of(share, downloads);
        if (started || closed) {
            throw new IllegalStateException("the index was already started");
        }
        started = true;
        long tick = settings.tick().toMillis();
        thread.scheduleWithFixedDelay(worker::tick, tick, tick, TimeUnit.MILLISECONDS);
        worker.execute(() -> {
            try {
                worker.load();
            } catch (IOException e) {
                throw new IllegalStateException("cannot load the index: " + e.getMessage(), e);
            }
            worker.switchTo(next);
        });
    }

    /**
     * Switches to another shared or download folder: the entries of a former share are retired (deltas that
     * remove them), the new share is watched and scanned. Returns at once.
     *
     * @throws IOException if the shared folder is not an existing directory
     */
    public synchronized void changeFolders(Path share, Path downloads) throws IOException {
        Share next = Share.of(share, downloads);
        if (!started || closed) {
            throw new IllegalStateException("the index is not running");
        }
        worker.execute(() -> worker.switchTo(next));
    }

    /** Registers a listener for every delta from now on, called on the index thread in version order. */
    @Override
    public void addListener(Consumer<IndexDelta> listener) {
        worker.listeners.add(listener);
    }

    public void removeListener(Consumer<IndexDelta> listener) {
        worker.listeners.remove(listener);
    }

    /** The current version: the number of the last delta (0 before any). */
    public long version() {
        return worker.version;
    }

    /** Every shared file and folder at the current version. */
    @Override
    public IndexSnapshot snapshot() {
        worker.lock.readLock().lock();
        try {
            return new IndexSnapshot(worker.version, worker.tree.entries());
        } finally {
            worker.lock.readLock().unlock();
        }
    }

    /** Files, folders, bytes and hashing progress, for {@code status}. */
    public IndexStats stats() {
        HashPool pool = worker.pool;
        boolean hashing = worker.scanner.busy() || pool.active() > 0 || worker.resultsPending();
        worker.lock.readLock().lock();
        try {
            IndexTree tree = worker.tree;
            return new IndexStats(tree.files, tree.folders, tree.bytes, hashing,
                    hashing ? pool.hashedBytes() : 0, hashing ? pool.pendingBytes() : 0);
        } finally {
            worker.lock.readLock().unlock();
        }
    }

    /** Files whose contents this index has read since it was created (a restart over an unchanged tree reads none). */
    public long filesRead() {
        return worker.pool.filesRead();
    }

    /** The hash of the whole share (not published as an entry), once computed. */
    public Optional<String> rootHash() {
        worker.lock.readLock().lock();
        try {
            byte[] hash = worker.tree.root.hash;
            return hash == null ? Optional.empty() : Optional.of(Hex.encode(hash));
        } finally {
            worker.lock.readLock().unlock();
        }
    }

    /**
     * A file in the share with this hash that still has the size and mtime it was hashed with, ready to serve from.
     * Files found changed are scheduled to be indexed again and skipped.
     */
    public Optional<LocalFile> fileByHash(String hash) {
        Share share = worker.share;
        if (!Hex.isHash(hash) || share == null) {
            return Optional.empty();
        }
        byte[] wanted = Hex.decode(hash);
        List<LocalFile> candidates = new ArrayList<>();
        worker.lock.readLock().lock();
        try {
            for (String path : worker.store.pathsOf(wanted)) {
                FileNode file = worker.tree.file(path);
                if (file == null || !Arrays.equals(file.hash, wanted)) {
                    continue;
                }
                IndexStore.Stored stored = worker.store.get(path);
                if (stored != null && !stored.dir() && Arrays.equals(stored.hash(), wanted)) {
                    candidates.add(new LocalFile(share.resolve(path), path, stored.size(), stored.mtimeNanos(), hash,
                            stored.chunkSize(), stored.chunkIds()));
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        } finally {
            worker.lock.readLock().unlock();
        }
        return candidates.stream().filter(this::verify).findFirst();
    }

    /**
     * True if {@code file} is still inside the current share with the size and mtime it was hashed with. If not,
     * it is scheduled to be indexed again (once it settles) and false is returned: do not serve from it.
     */
    public boolean verify(LocalFile file) {
        Share share = worker.share;
        if (share == null || !file.path().startsWith(share.root()) || share.excluded(file.path())) {
            return false;
        }
        BasicFileAttributes own = Share.lstat(file.path());
        BasicFileAttributes content = own == null ? null : share.fileContent(file.path(), own);
        if (content == null || content.size() != file.size() || Share.mtimeNanos(content) != file.mtimeNanos()) {
            worker.changes.add(file.path(), ChangeAggregator.MODIFIED);
            return false;
        }
        return true;
    }

    /** The manifest of a shared folder (or the share root) with this hash, listing its direct children. */
    public Optional<FolderManifest> folderByHash(String hash) {
        if (!Hex.isHash(hash)) {
            return Optional.empty();
        }
        byte[] wanted = Hex.decode(hash);
        worker.lock.readLock().lock();
        try {
            List<FolderNode> candidates = new ArrayList<>();
            if (Arrays.equals(worker.tree.root.hash, wanted)) {
                candidates.add(worker.tree.root);
            }
            for (String path : worker.store.pathsOf(wanted)) {
                if (worker.tree.get(path) instanceof FolderNode folder && Arrays.equals(folder.hash, wanted)) {
                    candidates.add(folder);
                }
            }
            for (FolderNode folder : candidates) {
                FolderManifest manifest = IndexTree.manifest(folder);
                if (manifest != null && manifest.hash().equals(hash)) {
                    return Optional.of(manifest);
                }
            }
            return Optional.empty();
        } finally {
            worker.lock.readLock().unlock();
        }
    }

    /**
     * Waits until no scan is queued or running and every hashed file is applied (watcher events still settling
     * are not waited for). For tests, benchmarks and orderly shutdown.
     *
     * @return false if that did not happen within {@code timeout}
     */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() - deadline < 0) {
            try {
                boolean idle = thread.submit(() -> !worker.scanner.busy() && worker.pool.active() == 0
                        && !worker.resultsPending()).get(Math.max(1, deadline - System.nanoTime()),
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

    /** Stops watching, scanning and hashing; waits for the index thread to finish its step. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        worker.generation++;
        worker.scanner.close();
        worker.pool.close();
        worker.execute(worker::closeWatcher);
        thread.shutdown();
        try {
            if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
