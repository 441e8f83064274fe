package io.iwant.daemon.transfer.fetch;

import io.iwant.protocol.hash.ContentHash;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Checks received chunks against their ids on a small pool of threads (hashing runs beside the network), then
 * writes the good ones at their offset and records them in the resume store on one writer thread: parallel
 * writes into one file only contend for its lock in the kernel. The queues are bounded by the transfer loop's
 * buffer budget. Each result goes back to the caller's consumer, on one of these threads.
 */
final class Verifier implements AutoCloseable {
    /** What became of a chunk. */
    enum Outcome { WRITTEN, CORRUPT, WRITE_FAILED }

    /** The result for one chunk; {@code error} is set for {@link Outcome#WRITE_FAILED}. */
    record Result(ActiveDownload download, FileTask file, int index, PeerLink from, Outcome outcome,
                  IOException error) {
    }

    private static final ThreadLocal<MessageDigest> SHA = ThreadLocal.withInitial(ContentHash::sha256);

    private final ExecutorService pool;
    private final ExecutorService writer;
    private final ResumeStore store;
    private final ChunkBuffers buffers;

    Verifier(int threads, ResumeStore store, ChunkBuffers buffers) {
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "transfer-verify-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.writer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "transfer-write");
            t.setDaemon(true);
            return t;
        });
        this.store = store;
        this.buffers = buffers;
    }

    /** Checks and writes {@code data} (its remaining bytes), then gives the buffer back to the pool. */
    void submit(ActiveDownload download, FileTask file, int index, ByteBuffer data, PeerLink from,
                Consumer<Result> done) {
        pool.execute(() -> {
            if (file.matches(index, chunkId(data))) {
                try {
                    writer.execute(() -> done.accept(write(download, file, index, data, from)));
                } catch (RejectedExecutionException closing) {
                    buffers.give(data);
                }
            } else {
                buffers.give(data);
                done.accept(new Result(download, file, index, from, Outcome.CORRUPT, null));
            }
        });
    }

    private Result write(ActiveDownload download, FileTask file, int index, ByteBuffer data, PeerLink from) {
        try {
            file.write(index, data);
            store.markDone(download.hash, file.ordinal, index);
            file.arrivals.add(index); // readable from now on
            return new Result(download, file, index, from, Outcome.WRITTEN, null);
        } catch (IOException e) {
            return new Result(download, file, index, from, Outcome.WRITE_FAILED, e);
        } finally {
            buffers.give(data);
        }
    }

    static byte[] chunkId(ByteBuffer data) {
        MessageDigest md = SHA.get();
        byte[] id = new byte[ContentHash.HASH_BYTES];
        if (data.hasArray()) {
            ContentHash.chunkIdInto(md, data.array(), data.arrayOffset() + data.position(), data.remaining(), id, 0);
        } else {
            md.update(ContentHash.CHUNK_TAG);
            md.update(data.duplicate());
            ContentHash.digestInto(md, id, 0);
        }
        return id;
    }

    @Override
    public void close() {
        pool.shutdownNow();
        writer.shutdownNow();
        try {
            pool.awaitTermination(5, TimeUnit.SECONDS);
            writer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
