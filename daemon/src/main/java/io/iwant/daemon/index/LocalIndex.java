package io.iwant.daemon.index;

import io.iwant.daemon.index.Node.FileNode;
import io.iwant.daemon.index.Node.FolderNode;
import io.iwant.daemon.leader.sync.IndexSource;
import io.iwant.daemon.store.Db;
import io.iwant.daemon.util.Health;
import io.iwant.protocol.hash.FolderManifest;
import io.iwant.protocol.hash.HashPrefix;
import io.iwant.protocol.hash.Hex;
import io.iwant.protocol.index.IndexDelta;
import io.iwant.protocol.index.IndexEntry;
import io.iwant.protocol.index.IndexSnapshot;
import io.iwant.protocol.index.RelativePath;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

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
 * Queries ({@link #snapshot}, {@link #stats}, {@link #fileByHash}, {@link #folderByHash}, {@link #withHashPrefix})
 * read under a read lock and see the state after some whole version. The {@link Db} stays the caller's: close this
 * index before it.
 */
public final class LocalIndex implements IndexSource, AutoCloseable {
    private final IndexWorker worker;
    private final IndexData data;

    public LocalIndex(Db db) {
        this(db, IndexSettings.defaults());
    }

    /** An index whose failed steps are reported to {@code health} as restarts of the part "index". */
    public LocalIndex(Db db, Health health) {
        this(db, IndexSettings.defaults(), System::nanoTime, health);
    }

    public LocalIndex(Db db, IndexSettings settings) {
        this(db, settings, System::nanoTime);
    }

    /**
     * An index whose watcher events settle, and whose removed files are forgotten for renames, on {@code clock}
     * (monotonic nanoseconds): tests pass a virtual one.
     */
    LocalIndex(Db db, IndexSettings settings, LongSupplier clock) {
        this(db, settings, clock, new Health());
    }

    private LocalIndex(Db db, IndexSettings settings, LongSupplier clock, Health health) {
        this.worker = new IndexWorker(new IndexStore(db), settings, clock, health);
        this.data = worker.data();
    }

    /**
     * Starts indexing {@code share} (the download folder {@code downloads} is never shared): loads the stored
     * index, then watches and scans in the background. Returns at once.
     *
     * @throws IOException if the shared folder is not an existing directory
     */
    public void start(Path share, Path downloads) throws IOException {
        worker.start(Share.of(share, downloads));
    }

    /**
     * Switches to another shared or download folder: the entries of a former share are retired (deltas that
     * remove them), the new share is watched and scanned. Returns at once.
     *
     * @throws IOException if the shared folder is not an existing directory
     */
    public void changeFolders(Path share, Path downloads) throws IOException {
        worker.switchLater(Share.of(share, downloads));
    }

    /** Registers a listener for every delta from now on, called on the index thread in version order. */
    @Override
    public void addListener(Consumer<IndexDelta> listener) {
        data.addListener(listener);
    }

    public void removeListener(Consumer<IndexDelta> listener) {
        data.removeListener(listener);
    }

    /** The current version: the number of the last delta (0 before any). */
    public long version() {
        return data.version();
    }

    /** Every shared file and folder at the current version. */
    @Override
    public IndexSnapshot snapshot() {
        return data.query((tree, store) -> new IndexSnapshot(data.version(), tree.entries()));
    }

    /** Files, folders, bytes and hashing progress, for {@code status}. */
    public IndexStats stats() {
        return worker.stats();
    }

    /** Files whose contents this index has read since it was created (a restart over an unchanged tree reads none). */
    public long filesRead() {
        return worker.filesRead();
    }

    /** The hash of the whole share (not published as an entry), once computed. */
    public Optional<String> rootHash() {
        byte[] hash = data.query((tree, store) -> tree.root.hash);
        return hash == null ? Optional.empty() : Optional.of(Hex.encode(hash));
    }

    /**
     * A file in the share with this hash that still has the size and mtime it was hashed with, ready to serve from.
     * Files found changed are scheduled to be indexed again and skipped.
     */
    public Optional<LocalFile> fileByHash(String hash) {
        Share share = worker.share();
        if (!Hex.isHash(hash) || share == null) {
            return Optional.empty();
        }
        byte[] wanted = Hex.decode(hash);
        List<LocalFile> candidates = data.query((tree, store) -> {
            List<LocalFile> found = new ArrayList<>();
            try {
                for (String path : store.pathsOf(wanted)) {
                    FileNode file = tree.file(path);
                    if (file == null || !Arrays.equals(file.hash, wanted)) {
                        continue;
                    }
                    IndexStore.Stored stored = store.get(path);
                    if (stored != null && !stored.dir() && Arrays.equals(stored.hash(), wanted)) {
                        found.add(new LocalFile(share.resolve(path), path, stored.size(), stored.mtimeNanos(), hash,
                                stored.chunkSize(), stored.chunkIds()));
                    }
                }
            } catch (IOException e) {
                return List.of();
            }
            return found;
        });
        return candidates.stream().filter(this::verify).findFirst();
    }

    /**
     * True if {@code file} is still inside the current share with the size and mtime it was hashed with. If not,
     * it is scheduled to be indexed again (once it settles) and false is returned: do not serve from it.
     */
    public boolean verify(LocalFile file) {
        Share share = worker.share();
        if (share == null || !file.path().startsWith(share.root()) || share.excluded(file.path())) {
            return false;
        }
        BasicFileAttributes own = Share.lstat(file.path());
        BasicFileAttributes content = own == null ? null : share.fileContent(file.path(), own);
        if (content == null || content.size() != file.size() || Share.mtimeNanos(content) != file.mtimeNanos()) {
            worker.changed(file.path());
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
        return data.query((tree, store) -> {
            List<FolderNode> candidates = new ArrayList<>();
            if (Arrays.equals(tree.root.hash, wanted)) {
                candidates.add(tree.root);
            }
            for (String path : store.pathsOf(wanted)) {
                if (tree.get(path) instanceof FolderNode folder && Arrays.equals(folder.hash, wanted)) {
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
        });
    }

    /**
     * The shared files and folders whose hash starts with {@code prefix}: at most {@code max} distinct hashes, in hash
     * order, each once, with one path that holds it now (the share root is not an entry and is not found). Seeks the
     * database's by-hash keys, so it costs the same however large the share.
     */
    public List<IndexEntry> withHashPrefix(HashPrefix prefix, int max) {
        return data.query((tree, store) -> {
            List<IndexEntry> found = new ArrayList<>();
            for (byte[] hash : store.hashesWithPrefix(prefix.hex(), max)) {
                for (String path : store.pathsOf(hash)) {
                    Node node = tree.get(path);
                    if (node != null && Arrays.equals(node.hash, hash) && RelativePath.isValid(path)) {
                        found.add(new IndexEntry(path, node.size, Hex.encode(hash), node instanceof FolderNode));
                        break;
                    }
                }
            }
            return found;
        });
    }

    /**
     * Waits until no scan is queued or running and every hashed file is applied (watcher events still settling
     * are not waited for). For tests, benchmarks and orderly shutdown.
     *
     * @return false if that did not happen within {@code timeout}
     */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        return worker.awaitIdle(timeout);
    }

    /** Stops watching, scanning and hashing; waits for the index thread to finish its step. Idempotent. */
    @Override
    public void close() {
        worker.close();
    }
}
