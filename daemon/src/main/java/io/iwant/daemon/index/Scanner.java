package io.iwant.daemon.index;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.FileVisitor;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Walks a folder of the share and brings the index in line with it: files whose size and mtime differ from the
 * index (or are new) go to the hashing pool, the rest are only noted as seen; when the walk and its hashing are
 * done, the index thread {@linkplain Host#finishScan finishes} the scan (new empty folders, vanished entries,
 * folder hashes). Scans run one at a time on the {@code iwant-index-scan} thread; a queued request for a folder
 * already queued, or below one, is dropped. A scan stops early when its generation is no longer current.
 */
final class Scanner implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Scanner.class);
    /** The value {@link ScanResult#seen} holds for a folder (a file holds its file key, or {@link #NO_KEY}). */
    static final Object FOLDER = new Object();
    static final Object NO_KEY = new Object();

    /** A scan's outcome: every shareable path met below {@code root}, and the tree's step counter at the start. */
    record ScanResult(long generation, Share share, String root, Map<String, Object> seen, long startSeq) {
    }

    /** The index side of a scan. */
    interface Host {
        long generation();

        /** On the index thread: marks {@code root} as being scanned; returns the tree's step counter. */
        long beginScan(String root) throws InterruptedException;

        /** The indexed size and mtime of a file, or null if no file is indexed at {@code path}. */
        long[] lookup(String path);

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
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "iwant-index-scan");
        t.setDaemon(true);
        return t;
    });
    private final Deque<Request> queue = new ArrayDeque<>();
    private int running;

    Scanner(Host host, HashPool pool, Semaphore permits) {
        this.host = host;
        this.pool = pool;
        this.permits = permits;
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
        }
        try {
            thread.execute(this::runNext);
        } catch (RejectedExecutionException e) {
            log.debug("Scan of {} dropped: the index is closing", path);
        }
    }

    /** True while a scan is queued or running. */
    synchronized boolean busy() {
        return !queue.isEmpty() || running > 0;
    }

    private void runNext() {
        Request request;
        synchronized (this) {
            request = queue.poll();
            if (request == null) {
                return;
            }
            running++;
        }
        try {
            if (request.generation == host.generation()) {
                scan(request);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("Scanning {} failed: {}", request.share.resolve(request.path), e.toString(), e);
        } finally {
            synchronized (this) {
                running--;
            }
        }
    }

    private void scan(Request request) throws InterruptedException {
        long startSeq = host.beginScan(request.path);
        Map<String, Object> seen = new HashMap<>();
        Outstanding outstanding = new Outstanding();
        Path start = request.share.resolve(request.path);
        long began = System.nanoTime();
        try {
            Files.walkFileTree(start, Set.of(), Integer.MAX_VALUE, new Visitor(request, start, seen, outstanding));
        } catch (IOException e) {
            log.warn("Cannot scan {}: {}", start, e.getMessage());
        } finally {
            outstanding.awaitZero();
            host.finishScan(new ScanResult(request.generation, request.share, request.path, seen, startSeq));
        }
        log.debug("Scanned {} ({} entries) in {} ms", start, seen.size(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began));
    }

    private final class Visitor implements FileVisitor<Path> {
        private final Request request;
        private final Path start;
        private final Map<String, Object> seen;
        private final Outstanding outstanding;

        Visitor(Request request, Path start, Map<String, Object> seen, Outstanding outstanding) {
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
            if (share.excluded(dir)) {
                return FileVisitResult.SKIP_SUBTREE;
            }
            String rel = share.relative(dir);
            if (rel == null) {
                return FileVisitResult.SKIP_SUBTREE;
            }
            if (!rel.isEmpty()) {
                seen.put(rel, FOLDER);
            }
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            if (request.generation != host.generation()) {
                return FileVisitResult.TERMINATE;
            }
            Share share = request.share;
            if (share.excluded(file)) {
                return FileVisitResult.CONTINUE;
            }
            BasicFileAttributes content = share.fileContent(file, attrs);
            String rel = content == null ? null : share.relative(file);
            if (rel == null || rel.isEmpty()) {
                return FileVisitResult.CONTINUE;
            }
            long mtime = Share.mtimeNanos(content);
            seen.put(rel, content.fileKey() == null ? NO_KEY : content.fileKey());
            long[] known = host.lookup(rel);
            if (known != null && known[0] == content.size() && known[1] == mtime) {
                return FileVisitResult.CONTINUE;
            }
            try {
                permits.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return FileVisitResult.TERMINATE;
            }
            outstanding.add();
            try {
                pool.submit(new HashPool.Job(request.generation, share, rel, content.size(), true, outstanding::done));
            } catch (RejectedExecutionException e) {
                outstanding.done();
                return FileVisitResult.TERMINATE;
            }
            return FileVisitResult.CONTINUE;
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
        thread.shutdownNow();
        try {
            thread.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
