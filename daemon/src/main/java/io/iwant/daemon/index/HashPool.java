package io.iwant.daemon.index;

import io.iwant.protocol.hash.ContentHash;
import io.iwant.protocol.hash.FileDigest;
import io.iwant.protocol.hash.FileHasher;
import io.iwant.protocol.hash.Hex;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A fixed pool of hashing threads, each with its own {@link FileHasher} (one reusable 1 MiB buffer). A job is a
 * few files (many small ones, or one large one) with the attributes they had when looked at; each file's hash is
 * reused from a just-removed file with the same size, mtime and file key (a rename), or read. After reading, the
 * file is stat'ed again: one that changed meanwhile is reported {@link HashResult.Changed} rather than indexed
 * half-written. Results go to the sink on the hashing thread. Submitting never blocks: callers bound what they
 * submit (scans hold permits, watcher batches are bounded).
 */
final class HashPool implements AutoCloseable {
    /** One file to hash, with the size, mtime and file key (may be null) it had when it was looked at. */
    record Item(String path, long size, long mtimeNanos, Object fileKey) {
    }

    /**
     * Files hashed one after another on one thread. With {@code permit}, each file holds one scan permit until its
     * result is applied. {@code onDone} runs after the last result reached the sink (may be null).
     */
    record Job(long generation, Share share, List<Item> items, boolean permit, Runnable onDone) {
        Job {
            items = List.copyOf(items);
        }

        long bytes() {
            long total = 0;
            for (Item item : items) {
                total += item.size();
            }
            return total;
        }
    }

    private final ExecutorService threads;
    private final ThreadLocal<FileHasher> hashers = ThreadLocal.withInitial(FileHasher::new);
    private final Consumer<HashResult> sink;
    private final RecentlyRemoved renames;
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicLong hashedBytes = new AtomicLong();
    private final AtomicLong pendingBytes = new AtomicLong();
    private final AtomicLong filesRead = new AtomicLong();

    HashPool(int threadCount, Consumer<HashResult> sink, RecentlyRemoved renames) {
        AtomicInteger n = new AtomicInteger();
        this.threads = new ThreadPoolExecutor(threadCount, threadCount, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "iwant-index-hash-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        this.sink = sink;
        this.renames = renames;
    }

    void submit(Job job) {
        if (active.getAndIncrement() == 0) {
            hashedBytes.set(0);
        }
        long bytes = job.bytes();
        pendingBytes.addAndGet(bytes);
        try {
            threads.execute(() -> run(job, bytes));
        } catch (RuntimeException e) {
            finished(bytes, 0);
            throw e;
        }
    }

    /** Jobs queued or running. */
    int active() {
        return active.get();
    }

    long hashedBytes() {
        return hashedBytes.get();
    }

    long pendingBytes() {
        return Math.max(0, pendingBytes.get());
    }

    /** Files whose contents were read since this pool started. */
    long filesRead() {
        return filesRead.get();
    }

    private void run(Job job, long bytes) {
        long[] read = {0};
        try {
            for (Item item : job.items()) {
                if (Thread.currentThread().isInterrupted()) {
                    return;
                }
                sink.accept(hash(job, item, read));
            }
        } finally {
            finished(bytes, read[0]);
            if (job.onDone() != null) {
                job.onDone().run();
            }
        }
    }

    /** Settles the pending bytes: the progress callback already took {@code read} off, take the rest. */
    private void finished(long expected, long read) {
        pendingBytes.addAndGet(read - expected);
        active.decrementAndGet();
    }

    private HashResult hash(Job job, Item item, long[] read) {
        long generation = job.generation();
        String path = item.path();
        Path file = job.share().resolve(path);
        try {
            byte[] reused = renames.take(item.size(), item.mtimeNanos(), item.fileKey());
            if (reused != null) {
                IndexStore.Stored stored = IndexStore.decode(path, reused, false);
                return new HashResult.Hashed(generation, path, job.permit(), item.size(), item.mtimeNanos(),
                        stored.hash(), Hex.encode(stored.hash()), item.fileKey(), IndexStore.fileRecord(item.size(),
                        item.mtimeNanos(), stored.hash(), stored.chunkSize(),
                        Arrays.copyOfRange(reused, IndexStore.FILE_HEADER, reused.length)));
            }
            filesRead.incrementAndGet();
            FileDigest digest;
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                digest = hashers.get().hashPrefix(channel, item.size(), n -> {
                    read[0] += n;
                    hashedBytes.addAndGet(n);
                    pendingBytes.addAndGet(-n);
                });
            }
            BasicFileAttributes after = Files.readAttributes(file, BasicFileAttributes.class);
            if (after.size() != digest.size() || item.size() != digest.size()
                    || Share.mtimeNanos(after) != item.mtimeNanos()
                    || (item.fileKey() != null && !item.fileKey().equals(after.fileKey()))) {
                return new HashResult.Changed(generation, path, job.permit());
            }
            byte[] root = digest.root();
            return new HashResult.Hashed(generation, path, job.permit(), digest.size(), item.mtimeNanos(), root,
                    digest.hash(), item.fileKey(), IndexStore.fileRecord(digest.size(), item.mtimeNanos(), root,
                    ContentHash.CHUNK_SIZE, digest.chunkIdBytes()));
        } catch (NoSuchFileException e) {
            return new HashResult.Gone(generation, path, job.permit());
        } catch (IOException | RuntimeException e) {
            if (Files.isDirectory(file)) {
                return new HashResult.Gone(generation, path, job.permit());
            }
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return new HashResult.Unreadable(generation, path, job.permit(), reason);
        }
    }

    @Override
    public void close() {
        threads.shutdownNow();
        try {
            threads.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
