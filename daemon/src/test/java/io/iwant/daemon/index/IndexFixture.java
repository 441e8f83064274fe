package io.iwant.daemon.index;

import io.iwant.daemon.store.Db;
import io.iwant.protocol.hash.FileHasher;
import io.iwant.protocol.hash.FolderManifest;
import io.iwant.protocol.index.IndexDelta;
import io.iwant.protocol.index.IndexEntry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** A real share, download folder and database under a temporary folder, and a recorder of deltas. */
final class IndexFixture implements AutoCloseable {
    final Path share;
    final Path downloads;
    final Path dbDir;
    final IndexSettings settings = IndexSettings.defaults().withHashThreads(2);
    /** The index clock after {@link #startOnVirtualTime}, in nanoseconds: it moves only when a test moves it. */
    final AtomicLong virtualNanos = new AtomicLong(1_000_000_000L);
    Db db;
    LocalIndex index;
    final LinkedBlockingQueue<IndexDelta> deltas = new LinkedBlockingQueue<>();

    IndexFixture(Path base) throws IOException {
        share = Files.createDirectories(base.resolve("share"));
        downloads = Files.createDirectories(base.resolve("downloads"));
        dbDir = base.resolve("db");
    }

    /** Opens the database and an index on it, starts it and waits for the first scan. */
    LocalIndex start() throws Exception {
        return start(System::nanoTime);
    }

    /** Like {@link #start}, with the index on {@link #virtualNanos}: nothing settles until the test moves it. */
    LocalIndex startOnVirtualTime() throws Exception {
        return start(virtualNanos::get);
    }

    private LocalIndex start(LongSupplier clock) throws Exception {
        db = Db.open(dbDir);
        index = new LocalIndex(db, settings, clock);
        index.addListener(deltas::add);
        index.start(share, downloads);
        assertTrue(index.awaitIdle(Duration.ofSeconds(20)), "the first scan did not finish");
        return index;
    }

    /** Closes index and database, as a daemon stop does. */
    void stop() {
        if (index != null) {
            index.close();
            index = null;
        }
        if (db != null) {
            db.close();
            db = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    Path write(String rel, String content) {
        return write(rel, content.getBytes(StandardCharsets.UTF_8));
    }

    Path write(String rel, byte[] content) {
        try {
            Path file = share.resolve(rel);
            Files.createDirectories(file.getParent());
            Files.write(file, content);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits for a delta that satisfies {@code test}, skipping others; fails after {@code timeout}. */
    IndexDelta awaitDelta(Duration timeout, String what, Predicate<IndexDelta> test) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            IndexDelta delta = left > 0 ? deltas.poll(left, TimeUnit.NANOSECONDS) : null;
            if (delta == null) {
                fail("no delta " + what + " within " + timeout.toMillis() + " ms");
            }
            if (test.test(delta)) {
                return delta;
            }
        }
    }

    /** What the deltas taken so far say, path by path: the last upserted entry, or null once removed. */
    final Map<String, IndexEntry> published = new TreeMap<>();

    /**
     * Takes deltas as they come, folding them into {@link #published}, until {@code test} holds for it; fails after
     * {@code timeout}.
     */
    void awaitPublished(Duration timeout, String what, Predicate<Map<String, IndexEntry>> test)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!test.test(published)) {
            long left = deadline - System.nanoTime();
            IndexDelta delta = left > 0 ? deltas.poll(left, TimeUnit.NANOSECONDS) : null;
            if (delta == null) {
                fail("no deltas " + what + " within " + timeout.toMillis() + " ms; got " + published);
            }
            delta.removed().forEach(path -> published.put(path, null));
            delta.upserts().forEach(entry -> published.put(entry.path(), entry));
        }
    }

    /** True if the deltas folded so far removed {@code path}. */
    boolean removed(String path) {
        return published.containsKey(path) && published.get(path) == null;
    }

    /** Waits until the index snapshot satisfies {@code test}. */
    void awaitIndex(Duration timeout, String what, Predicate<Map<String, IndexEntry>> test) throws InterruptedException {
        awaitIndex(timeout, what, test, () -> { });
    }

    /**
     * Waits until the index snapshot satisfies {@code test}, moving {@link #virtualNanos} on by the settle time
     * before each look, so that watcher events settle however late the watcher delivers them.
     */
    void awaitIndexSettling(Duration timeout, String what, Predicate<Map<String, IndexEntry>> test)
            throws InterruptedException {
        awaitIndex(timeout, what, test, () -> virtualNanos.addAndGet(settings.settle().toNanos()));
    }

    private void awaitIndex(Duration timeout, String what, Predicate<Map<String, IndexEntry>> test,
                            Runnable meanwhile) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!test.test(entries())) {
            if (System.nanoTime() - deadline > 0) {
                fail("the index never came to show " + what + "; it holds " + entries().keySet());
            }
            meanwhile.run();
            Thread.sleep(20);
        }
    }

    Map<String, IndexEntry> entries() {
        Map<String, IndexEntry> out = new TreeMap<>();
        index.snapshot().entries().forEach(e -> out.put(e.path(), e));
        return out;
    }

    static boolean upserts(IndexDelta delta, String path) {
        return delta.upserts().stream().anyMatch(e -> e.path().equals(path));
    }

    static IndexEntry upsert(IndexDelta delta, String path) {
        return delta.upserts().stream().filter(e -> e.path().equals(path)).findFirst().orElseThrow();
    }

    /** The hash of a file, computed here from its bytes. */
    static String fileHash(Path file) throws IOException {
        return new FileHasher().hash(file).hash();
    }

    /**
     * The hash of a folder computed here from the disk alone: every regular file hashed, every folder's manifest
     * built from its children, recursively (nothing excluded: use on folders with only shareable content).
     */
    static FolderManifest manifestOnDisk(Path folder) throws IOException {
        List<FolderManifest.Entry> entries = new ArrayList<>();
        try (Stream<Path> children = Files.list(folder)) {
            for (Path child : children.toList()) {
                String name = child.getFileName().toString();
                if (Files.isDirectory(child)) {
                    FolderManifest sub = manifestOnDisk(child);
                    entries.add(new FolderManifest.Entry(name, FolderManifest.Kind.FOLDER, sub.totalSize(), sub.hash()));
                } else {
                    entries.add(new FolderManifest.Entry(name, FolderManifest.Kind.FILE, Files.size(child),
                            fileHash(child)));
                }
            }
        }
        return new FolderManifest(entries);
    }
}
