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
 * reused from a just-removed file with the same size, mtime and file key (a rename), or read. A file larger than
 * {@link #PART_CHUNKS} chunks is cut into parts of that many chunks that every thread may take, so one large file
 * is hashed on all cores and no thread is left alone with the tail of a big one. After reading, the file is
 * stat'ed again: one that changed meanwhile is reported {@link HashResult.Changed} rather than indexed half-written.
 * Results go to the sink on the hashing thread that finished the file. Submitting never blocks: callers bound
 * what they submit (scans hold permits, watcher batches are bounded).
 */
final class HashPool implements AutoCloseable {
    /** The chunks in one part of a large file: 16 MiB, a few milliseconds of hashing. */
    static final int PART_CHUNKS = 16;
    /**
     * One file to hash, with the size, mtime and file key (may be null) it had when it was looked at, and its absolute
     * path when the caller already has it (a walk does; null: resolved from {@code path} in the share).
     */
    record Item(String path, long size, long mtimeNanos, Object fileKey, Path file) {
        Item(String path, long size, long mtimeNanos, Object fileKey) {
            this(path, size, mtimeNanos, fileKey, null);
        }

        Path in(Share share) {
            return file != null ? file : share.resolve(path);
        }
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
    private final int threadCount;
    private final Consumer<HashResult> sink;
    private final RecentlyRemoved renames;
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicLong hashedBytes = new AtomicLong();
    private final AtomicLong pendingBytes = new AtomicLong();
    private final AtomicLong filesRead = new AtomicLong();

    HashPool(int threadCount, Consumer<HashResult> sink, RecentlyRemoved renames) {
        AtomicInteger n = new AtomicInteger();
        this.threads = new ThreadPoolExecutor(threadCount, threadCount, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), r -> new HashThread(r, "iwant-index-hash-" + n.incrementAndGet()));
        this.threadCount = threadCount;
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
        if (threadCount > 1 && job.items().size() == 1
                && job.items().get(0).size() > (long) PART_CHUNKS * ContentHash.CHUNK_SIZE) {
            runInParts(job, bytes);
            return;
        }
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

    /**
     * Hashes one large file in parts: this thread queues all parts but the first for any thread to take, then hashes
     * the first itself; whichever thread finishes the last part checks the file again and hands on the result.
     */
    private void runInParts(Job job, long bytes) {
        Item item = job.items().get(0);
        HashResult reused = reuse(job, item);
        if (reused != null) {
            deliver(job, reused, bytes, 0);
            return;
        }
        filesRead.incrementAndGet();
        Parts parts = new Parts(job, item, bytes);
        for (int part = 1; part < parts.count; part++) {
            int index = part;
            try {
                threads.execute(() -> hashPart(parts, index));
            } catch (RuntimeException e) { // closing: hash it here rather than leave the file unfinished
                hashPart(parts, index);
            }
        }
        hashPart(parts, 0);
    }

    /** A large file being hashed in parts by several threads. */
    private static final class Parts {
        /** The failure recorded for a part that read fewer bytes than the file had when it was looked at. */
        static final Object SHORT = new Object();
        final Job job;
        final Item item;
        final long bytes;
        final int count;
        final byte[] ids;
        final AtomicInteger left;
        final AtomicLong read = new AtomicLong();
        /** The first failure (an exception, or a short read as {@link #SHORT}); null while all went well. */
        volatile Object failure;

        Parts(Job job, Item item, long bytes) {
            this.job = job;
            this.item = item;
            this.bytes = bytes;
            long chunks = ContentHash.chunkCount(item.size(), ContentHash.CHUNK_SIZE);
            this.count = (int) ((chunks + PART_CHUNKS - 1) / PART_CHUNKS);
            this.ids = new byte[Math.toIntExact(chunks * ContentHash.HASH_BYTES)];
            this.left = new AtomicInteger(count);
        }

        int chunks() {
            return ids.length / ContentHash.HASH_BYTES;
        }
    }

    private void hashPart(Parts parts, int part) {
        Item item = parts.item;
        try {
            if (parts.failure == null && !Thread.currentThread().isInterrupted()) {
                int first = part * PART_CHUNKS;
                int count = Math.min(PART_CHUNKS, parts.chunks() - first);
                long expected = Math.min(item.size(), (long) (first + count) * ContentHash.CHUNK_SIZE)
                        - (long) first * ContentHash.CHUNK_SIZE;
                try (FileChannel channel = FileChannel.open(item.in(parts.job.share()), StandardOpenOption.READ)) {
                    long read = HashThread.hasher().hashChunks(channel, item.size(), first, count, parts.ids, n -> {
                        parts.read.addAndGet(n);
                        hashed(n);
                    });
                    if (read != expected) {
                        parts.failure = Parts.SHORT;
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            parts.failure = e;
        } finally {
            if (parts.left.decrementAndGet() == 0) {
                deliver(parts.job, finishParts(parts), parts.bytes, parts.read.get());
            }
        }
    }

    /** The result of a file hashed in parts, once every part is done; null if the pool is closing. */
    private HashResult finishParts(Parts parts) {
        Job job = parts.job;
        Item item = parts.item;
        Path file = item.in(job.share());
        Object failure = parts.failure;
        if (Thread.currentThread().isInterrupted()) {
            return null; // closing: as for small files, no result
        }
        if (failure == Parts.SHORT) {
            return new HashResult.Changed(job.generation(), item.path(), job.permit());
        }
        if (failure != null) {
            return failed(job, item.path(), file, (Exception) failure);
        }
        return checked(job, item, file, new FileDigest(item.size(), ContentHash.CHUNK_SIZE, parts.ids));
    }

    /** Hands one file's result (if any) to the sink and settles its job. */
    private void deliver(Job job, HashResult result, long bytes, long read) {
        try {
            if (result != null) {
                sink.accept(result);
            }
        } finally {
            finished(bytes, read);
            if (job.onDone() != null) {
                job.onDone().run();
            }
        }
    }

    /** Progress: {@code n} more bytes read and hashed. */
    private void hashed(long n) {
        hashedBytes.addAndGet(n);
        pendingBytes.addAndGet(-n);
    }

    /** Settles the pending bytes: the progress callback already took {@code read} off, take the rest. */
    private void finished(long expected, long read) {
        pendingBytes.addAndGet(read - expected);
        active.decrementAndGet();
    }

    private HashResult hash(Job job, Item item, long[] read) {
        HashResult reused = reuse(job, item);
        if (reused != null) {
            return reused;
        }
        Path file = item.in(job.share());
        try {
            filesRead.incrementAndGet();
            FileDigest digest;
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                digest = HashThread.hasher().hashPrefix(channel, item.size(), n -> {
                    read[0] += n;
                    hashed(n);
                });
            }
            return checked(job, item, file, digest);
        } catch (IOException | RuntimeException e) {
            return failed(job, item.path(), file, e);
        }
    }

    /** The result for a file renamed from a just-removed one with the same size, mtime and file key; null if none. */
    private HashResult reuse(Job job, Item item) {
        byte[] reused = renames.take(item.size(), item.mtimeNanos(), item.fileKey());
        if (reused == null) {
            return null;
        }
        IndexStore.Stored stored = IndexStore.decode(item.path(), reused, false);
        return new HashResult.Hashed(job.generation(), item.path(), job.permit(), item.size(), item.mtimeNanos(),
                stored.hash(), Hex.encode(stored.hash()), item.fileKey(), IndexStore.fileRecord(item.size(),
                item.mtimeNanos(), stored.hash(), stored.chunkSize(),
                Arrays.copyOfRange(reused, IndexStore.FILE_HEADER, reused.length)));
    }

    /** The result for a file just read into {@code digest}, unless a second stat shows it changed meanwhile. */
    private static HashResult checked(Job job, Item item, Path file, FileDigest digest) {
        try {
            BasicFileAttributes after = Files.readAttributes(file, BasicFileAttributes.class);
            if (after.size() != digest.size() || item.size() != digest.size()
                    || Share.mtimeNanos(after) != item.mtimeNanos()
                    || (item.fileKey() != null && !item.fileKey().equals(after.fileKey()))) {
                return new HashResult.Changed(job.generation(), item.path(), job.permit());
            }
        } catch (IOException | RuntimeException e) {
            return failed(job, item.path(), file, e);
        }
        byte[] root = digest.root();
        return new HashResult.Hashed(job.generation(), item.path(), job.permit(), digest.size(), item.mtimeNanos(),
                root, digest.hash(), item.fileKey(), IndexStore.fileRecord(digest.size(), item.mtimeNanos(), root,
                ContentHash.CHUNK_SIZE, digest.chunkIdBytes()));
    }

    /** The result for a file that could not be read: gone (or now a folder), or unreadable. */
    private static HashResult failed(Job job, String path, Path file, Exception e) {
        if (e instanceof NoSuchFileException || Files.isDirectory(file)) {
            return new HashResult.Gone(job.generation(), path, job.permit());
        }
        String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new HashResult.Unreadable(job.generation(), path, job.permit(), reason);
    }

    /**
     * A hashing thread with its own hasher, a field rather than a thread-local: one lookup fewer per file. Work that
     * runs elsewhere (a part hashed by a caller while the pool closes) gets a hasher of its own.
     */
    private static final class HashThread extends Thread {
        private final FileHasher hasher = new FileHasher();

        HashThread(Runnable work, String name) {
            super(work, name);
            setDaemon(true);
        }

        static FileHasher hasher() {
            return Thread.currentThread() instanceof HashThread t ? t.hasher : new FileHasher();
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
