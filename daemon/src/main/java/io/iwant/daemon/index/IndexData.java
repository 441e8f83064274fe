package io.iwant.daemon.index;

import io.iwant.daemon.index.Node.FileNode;
import io.iwant.protocol.index.IndexDelta;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The index's data: the {@link IndexTree} and the {@link IndexStore} kept in step under one read-write lock, the
 * version of the last delta, and the listeners told of every delta. Written only on the index thread ({@link #load},
 * {@link #commit}, {@link #retireAll}, and the {@link #tree} it hands out there); read from any thread through
 * {@link #query}, which sees the state after some whole version.
 */
final class IndexData {
    private static final Logger log = LoggerFactory.getLogger(IndexData.class);
    private static final long SLOW_STEP_NANOS = 20_000_000;

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final IndexTree tree;
    private final IndexStore store;
    private final RecentlyRemoved renames;
    private final Predicate<String> deferred;
    private final List<Consumer<IndexDelta>> listeners = new CopyOnWriteArrayList<>();
    private volatile long version;

    // The index thread's own.
    private String storedRoot;
    private boolean loaded;
    private boolean collectRenames = true;
    /** Whether the stored folder records agree with the stored files (no folder hash left for later). */
    private boolean foldersConsistent;

    /**
     * @param renames  where removed files are remembered, so a rename reuses their hashes
     * @param deferred folders whose hash must wait (a scan below them is running); asked on the index thread
     */
    IndexData(IndexStore store, RecentlyRemoved renames, Predicate<String> deferred) {
        this.store = store;
        this.renames = renames;
        this.deferred = deferred;
        this.tree = new IndexTree(this::fileRemoved);
    }

    /** A question put to the tree and the store together, under the read lock. */
    interface Query<T> {
        T ask(IndexTree tree, IndexStore store);
    }

    /** Any thread: asks {@code query} under the read lock. */
    <T> T query(Query<T> query) {
        lock.readLock().lock();
        try {
            return query.ask(tree, store);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Any thread: the number of the last delta (0 before any). */
    long version() {
        return version;
    }

    void addListener(Consumer<IndexDelta> listener) {
        listeners.add(listener);
    }

    void removeListener(Consumer<IndexDelta> listener) {
        listeners.remove(listener);
    }

    /** Index thread: the tree, to read, or to change inside a {@link #commit} step. */
    IndexTree tree() {
        return tree;
    }

    /** Index thread: loads the stored index, once. */
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

    /**
     * Index thread: if the index holds another share than {@code root}, removes every entry of it (deltas that
     * retire them, no rename memory) and records {@code root} as the share.
     */
    void retireAll(String root) {
        if (root.equals(storedRoot)) {
            return;
        }
        collectRenames = false;
        commit(c -> {
            tree.remove("", c);
            c.putShare(root);
        });
        collectRenames = true;
        storedRoot = root;
    }

    /** Index thread: one step: mutate the tree, rehash what is not deferred, write, publish. */
    void commit(Consumer<Changes> step) {
        List<IndexDelta> deltas = List.of();
        long began = System.nanoTime();
        lock.writeLock().lock();
        try (Changes c = new Changes(store)) {
            tree.seq++;
            step.accept(c);
            tree.recompute(deferred, c);
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

    private void fileRemoved(String path, FileNode file) {
        if (collectRenames && file.fileKey != null) {
            try {
                renames.put(file.size, file.mtimeNanos, file.fileKey, store.raw(path));
            } catch (IOException e) {
                log.debug("Cannot remember {} for renames: {}", path, e.getMessage());
            }
        }
    }
}
