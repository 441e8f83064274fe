package io.iwant.daemon.index;

import io.iwant.daemon.util.WorkerThread;
import io.iwant.protocol.hash.FolderManifest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.FileVisitor;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Walks a folder of the share and brings the index in line with it: files whose size and mtime differ from the
 * index (or are new) go to the hashing pool, the rest are only noted as seen; when the walk and its hashing are
 * done, the index thread {@linkplain Host#finishScan finishes} the scan (new empty folders, vanished entries,
 * folder hashes). Scans run one at a time, in the order asked, on the {@code iwant-index-scan} {@link WorkerThread};
 * a queued request for a folder already queued, or below one, is dropped. A scan stops early when its generation is
 * no longer current.
 */
final class Scanner implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Scanner.class);
    /** What a listing in {@link ScanResult#seen} holds for a folder (a file: its file key, or {@link #NO_KEY}). */
    static final Object FOLDER = new Object();
    static final Object NO_KEY = new Object();
    /** Small files are hashed in batches of up to this many files or bytes, to keep hand-overs cheap. */
    private static final int BATCH_FILES = 64;
    private static final long BATCH_BYTES = 1 << 20;

    /**
     * A scan's outcome: for each folder walked below (and including) {@code root}, its shareable children by name;
     * and the tree's step counter at the start. A folder that was not walked (gone, unreadable) has no listing.
     */
    record ScanResult(long generation, Share share, String root, Map<String, Map<String, Object>> seen,
                      long startSeq) {
    }

    /** The index side of a scan. */
    interface Host {
        long generation();

        /** On the index thread: marks {@code root} as being scanned; returns the tree's step counter. */
        long beginScan(String root) throws InterruptedException;

        /** The indexed files directly in folder {@code path}: name to {size, mtime}. Empty if none. */
        Map<String, long[]> files(String path);

        /** On the index thread: applies the result; returns once applied. */
        void finishScan(ScanResult result) throws InterruptedException;
    }

    private record Request(Share share, String path, long generation) {
        boolean covers(Request other) {
            return generation == other.generation && share == other.share
                    && (path.isEmpty() || other.path.equals(path) || other.path.startsWith(path + "/"));
        }
    }

    private final Host host;
    private final HashPool pool;
    private final Semaphore permits;
    private final WorkerThread thread = new WorkerThread("iwant-index-scan", this::loop, WorkerThread.INTERRUPT);
    private final Deque<Request> queue = new ArrayDeque<>();
    private int running;

    Scanner(Host host, HashPool pool, Semaphore permits) {
        this.host = host;
        this.pool = pool;
        this.permits = permits;
        thread.start();
    }

    /** Queues a scan of {@code path} ("" for the whole share). */
    void request(Share share, String path, long generation) {
        Request request = new Request(share, path, generation);
        synchronized (this) {
            for (Request queued : queue) {
                if (queued.covers(request)) {
                    return;
                }
            }
            queue.removeIf(request::covers);
            queue.add(request);
            notifyAll();
        }
        if (!thread.running()) {
            log.debug("Scan of {} dropped: the index is closing", path);
        }
    }

    /** True while a scan is queued or running. */
    synchronized boolean busy() {
        return !queue.isEmpty() || running > 0;
    }

    /** The scan thread: runs the queued scans one at a time, until interrupted by {@link #close}. */
    private void loop() throws InterruptedException {
        while (thread.running()) {
            Request request;
            synchronized (this) {
                while (queue.isEmpty()) {
                    wait();
                }
                request = queue.poll();
                running++;
            }
            try {
                if (request.generation == host.generation()) {
                    scan(request);
                }
            } catch (RuntimeException e) {
                log.error("Scanning {} failed: {}", request.share.resolve(request.path), e.toString(), e);
            } finally {
                synchronized (this) {
                    running--;
                }
            }
        }
    }

    private void scan(Request request) throws InterruptedException {
        long startSeq = host.beginScan(request.path);
        Map<String, Map<String, Object>> seen = new HashMap<>();
        Outstanding outstanding = new Outstanding();
        Path start = request.share.resolve(request.path);
        long began = System.nanoTime();
        long walked = began;
        long hashed = began;
        Visitor visitor = new Visitor(request, start, seen, outstanding);
        try {
            Files.walkFileTree(start, Set.of(), Integer.MAX_VALUE, visitor);
            visitor.flush();
            walked = System.nanoTime();
        } catch (IOException e) {
            log.warn("Cannot scan {}: {}", start, e.getMessage());
        } finally {
            outstanding.awaitZero();
            hashed = System.nanoTime();
            host.finishScan(new ScanResult(request.generation, request.share, request.path, seen, startSeq));
        }
        long end = System.nanoTime();
        log.debug("Scanned {}: {} folders; walk {} ms, then hashing {} ms, finishing {} ms", start, seen.size(),
                millis(walked - began), millis(hashed - walked), millis(end - hashed));
    }

    /** The path of {@code abs}, named {@code name}, inside the folder being walked; null if the name cannot travel. */
    private static String child(Share share, Path abs, Listing parent, String name) {
        if (!FolderManifest.isValidName(name)) {
            share.skip(abs, "its name cannot be shared");
            return null;
        }
        return Node.child(parent.path(), name);
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    /** The folder being walked: its path, what the index knows of its files, and what the walk met in it. */
    private record Listing(String path, Map<String, long[]> known, Map<String, Object> seen) {
    }

    private final class Visitor implements FileVisitor<Path> {
        private final Request request;
        private final Path start;
        private final Map<String, Map<String, Object>> seen;
        private final Outstanding outstanding;
        private final Deque<Listing> open = new ArrayDeque<>();
        private final List<HashPool.Item> batch = new ArrayList<>();
        private long batchBytes;

        Visitor(Request request, Path start, Map<String, Map<String, Object>> seen, Outstanding outstanding) {
            this.request = request;
            this.start = start;
            this.seen = seen;
            this.outstanding = outstanding;
        }

        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
            if (request.generation != host.generation()) {
                return FileVisitResult.TERMINATE;
            }
            Share share = request.share;
            Listing parent = open.peek();
            String name = parent == null ? null : dir.getFileName().toString();
            String rel = share.excluded(dir) ? null : parent == null ? share.relative(dir) : child(share, dir, parent, name);
            if (rel == null) {
                return FileVisitResult.SKIP_SUBTREE;
            }
            if (parent != null) {
                parent.seen().put(name, FOLDER);
            }
            Map<String, Object> listing = new HashMap<>();
            seen.put(rel, listing);
            open.push(new Listing(rel, host.files(rel), listing));
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            if (request.generation != host.generation()) {
                return FileVisitResult.TERMINATE;
            }
            Share share = request.share;
            Listing listing = open.peek(); // null when the scan root itself is a file
            String name = file.getFileName().toString();
            if (listing == null ? share.excluded(file) : share.excludedChild(file, name)) {
                return FileVisitResult.CONTINUE;
            }
            BasicFileAttributes content = share.fileContent(file, attrs);
            String rel = content == null ? null : listing == null ? share.relative(file)
                    : child(share, file, listing, name);
            if (rel == null || rel.isEmpty()) {
                return FileVisitResult.CONTINUE;
            }
            long mtime = Share.mtimeNanos(content);
            if (listing != null) {
                listing.seen().put(name, content.fileKey() == null ? NO_KEY : content.fileKey());
                long[] known = listing.known().get(name);
                if (known != null && known[0] == content.size() && known[1] == mtime) {
                    return FileVisitResult.CONTINUE;
                }
            }
            HashPool.Item item = new HashPool.Item(rel, content.size(), mtime, content.fileKey(), file);
            if (content.size() >= BATCH_BYTES) {
                return submit(List.of(item)) ? FileVisitResult.CONTINUE : FileVisitResult.TERMINATE;
            }
            batch.add(item);
            batchBytes += content.size();
            if (batch.size() >= BATCH_FILES || batchBytes >= BATCH_BYTES) {
                return flush() ? FileVisitResult.CONTINUE : FileVisitResult.TERMINATE;
            }
            return FileVisitResult.CONTINUE;
        }

        /** Hands the small files gathered so far to the pool; false if the scan must stop. */
        boolean flush() {
            if (batch.isEmpty()) {
                return true;
            }
            List<HashPool.Item> items = List.copyOf(batch);
            batch.clear();
            batchBytes = 0;
            return submit(items);
        }

        private boolean submit(List<HashPool.Item> items) {
            try {
                permits.acquire(items.size());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            outstanding.add();
            try {
                pool.submit(new HashPool.Job(request.generation, request.share, items, true, outstanding::done));
                return true;
            } catch (RejectedExecutionException e) {
                outstanding.done();
                return false;
            }
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) {
            if (!(file.equals(start) && e instanceof NoSuchFileException)) {
                log.warn("Not sharing {}: it cannot be read ({})", file, e.getMessage());
            }
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path dir, IOException e) {
            open.pop();
            if (e != null) {
                log.warn("Not sharing all of {}: {}", dir, e.getMessage());
            }
            return FileVisitResult.CONTINUE;
        }
    }

    /** Hash jobs of one scan not yet handed to the index thread. */
    private static final class Outstanding {
        private int count;

        synchronized void add() {
            count++;
        }

        synchronized void done() {
            if (--count == 0) {
                notifyAll();
            }
        }

        synchronized void awaitZero() throws InterruptedException {
            while (count > 0) {
                wait();
            }
        }
    }

    @Override
    public void close() {
        thread.stop(Duration.ofSeconds(10));
    }
}
