package io.iwant.daemon.index;

import io.iwant.protocol.hash.ContentHash;
import io.iwant.protocol.hash.FileDigest;
import io.iwant.protocol.hash.FileHasher;
import io.iwant.protocol.hash.Hex;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A fixed pool of hashing threads, each with its own {@link FileHasher} (one reusable 1 MiB buffer). A job stats
 * the file, reuses the hash of a just-removed file with the same size, mtime and file key (a rename), or reads it;
 * then stats it again, so a file that changed while being read is reported {@link HashResult.Changed} rather than
 * indexed half-written. Results go to the sink on the hashing thread. Submitting never blocks: callers bound what
 * they submit (scans hold permits, watcher batches are bounded).
 */
final class HashPool implements AutoCloseable {
    /** One file to hash. {@code onDone} runs after the result reached the sink (may be null). */
    record Job(long generation, Share share, String path, long expectedSize, boolean permit, Runnable onDone) {
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
        pendingBytes.addAndGet(job.expectedSize());
        try {
            threads.execute(() -> run(job));
        } catch (RuntimeException e) {
            finished(job, 0);
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

    private void run(Job job) {
        long[] read = {0};
        try {
            sink.accept(hash(job, read));
        } finally {
            finished(job, read[0]);
            if (job.onDone() != null) {
                job.onDone().run();
            }
        }
    }

    /** Settles the pending bytes: the progress callback already took {@code read} off, take the rest. */
    private void finished(Job job, long read) {
        pendingBytes.addAndGet(read - job.expectedSize());
        active.decrementAndGet();
    }

    private HashResult hash(Job job, long[] read) {
        Path file = job.share().resolve(job.path());
        try {
            BasicFileAttributes own = Share.lstat(file);
            BasicFileAttributes before = own == null ? null : job.share().fileContent(file, own);
            if (before == null) {
                return new HashResult.Gone(job.generation(), job.path(), job.permit());
            }
            long mtime = Share.mtimeNanos(before);
            byte[] reused = renames.take(before.size(), mtime, before.fileKey());
            if (reused != null) {
                IndexStore.Stored stored = IndexStore.decode(job.path(), reused, false);
                return new HashResult.Hashed(job.generation(), job.path(), job.permit(), before.size(), mtime,
                        stored.hash(), Hex.encode(stored.hash()), before.fileKey(), IndexStore.fileRecord(before.size(), mtime, stored.hash(),
                        stored.chunkSize(), Arrays.copyOfRange(reused, IndexStore.FILE_HEADER, reused.length)));
            }
            filesRead.incrementAndGet();
            FileDigest digest = hashers.get().hash(file, n -> {
                read[0] += n;
                hashedBytes.addAndGet(n);
                pendingBytes.addAndGet(-n);
            });
            BasicFileAttributes after = Files.readAttributes(file, BasicFileAttributes.class);
            if (after.size() != digest.size() || before.size() != digest.size()
                    || Share.mtimeNanos(after) != mtime) {
                return new HashResult.Changed(job.generation(), job.path(), job.permit());
            }
            byte[] root = digest.root();
            return new HashResult.Hashed(job.generation(), job.path(), job.permit(), digest.size(), mtime, root,
                    digest.hash(), before.fileKey(), IndexStore.fileRecord(digest.size(), mtime, root, ContentHash.CHUNK_SIZE,
                    digest.chunkIdBytes()));
        } catch (NoSuchFileException e) {
            return new HashResult.Gone(job.generation(), job.path(), job.permit());
        } catch (IOException | RuntimeException e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return new HashResult.Unreadable(job.generation(), job.path(), job.permit(), reason);
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
