package io.iwant.daemon.transfer.fetch;

import io.iwant.protocol.hash.ContentHash;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
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
 * <p>A batch of small files ({@link #submitBatch}) is checked file by file, each good file written whole and closed
 * by the same checking thread (the files are all different, so writers do not contend), then made durable together: every file of the batch synced (on {@link #SYNC_THREADS} threads at once, so that
 * the file system commits them in a few journal transactions rather than one each), then their folders, and only
 * then recorded done in the resume store, in one write. A crash at any point loses at most the batches not yet
 * recorded; nothing recorded is lost.
 */
final class Verifier implements AutoCloseable {
    /** What became of a chunk. */
    enum Outcome { WRITTEN, CORRUPT, WRITE_FAILED }

    /** The result for one chunk; {@code error} is set for {@link Outcome#WRITE_FAILED}. */
    record Result(ActiveDownload download, FileTask file, int index, PeerLink from, Outcome outcome,
                  IOException error) {
    }

    /** One file of a batch reply: its task and its bytes (a slice of the batch's buffer). */
    record Piece(FileTask file, ByteBuffer data) {
    }

    /** Threads that sync batches: many, since a sync mostly waits, and concurrent ones share journal commits. */
    static final int SYNC_THREADS = 16;

    private static final ThreadLocal<MessageDigest> SHA = ThreadLocal.withInitial(ContentHash::sha256);

    private final ExecutorService pool;
    private final ExecutorService writer;
    private final ExecutorService syncer;
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
        AtomicInteger s = new AtomicInteger();
        this.syncer = new ThreadPoolExecutor(SYNC_THREADS, SYNC_THREADS, 10, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "transfer-sync-" + s.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        ((ThreadPoolExecutor) syncer).allowCoreThreadTimeOut(true);
        this.store = store;
        this.buffers = buffers;
    }

    /**
     * Checks each piece of a batch reply against its file's hash, writes the good ones, makes them durable and
     * records them (see above), gives {@code buffer} back and runs {@code written} once they are written, and hands
     * every piece's result to {@code done} at once.
     */
    void submitBatch(ActiveDownload download, List<Piece> pieces, ByteBuffer buffer, PeerLink from,
                     Runnable written, Consumer<List<Result>> done) {
        pool.execute(() -> {
            List<Result> results = new ArrayList<>();
            List<Piece> good = new ArrayList<>();
            for (Piece piece : pieces) {
                if (piece.file().matches(0, chunkId(piece.data()))) {
                    good.add(piece);
                } else {
                    results.add(new Result(download, piece.file(), 0, from, Outcome.CORRUPT, null));
                }
            }
            writeBatch(download, good, buffer, from, results, written, done); // different files: no writer needed
        });
    }

    private void writeBatch(ActiveDownload download, List<Piece> good, ByteBuffer buffer, PeerLink from,
                            List<Result> results, Runnable writtenAll, Consumer<List<Result>> done) {
        List<FileTask> written = new ArrayList<>();
        try {
            for (Piece piece : good) {
                try {
                    piece.file().writeWhole(piece.data());
                    written.add(piece.file());
                } catch (IOException e) {
                    results.add(new Result(download, piece.file(), 0, from, Outcome.WRITE_FAILED, e));
                }
            }
        } finally {
            buffers.give(buffer);
            writtenAll.run();
        }
        List<CompletableFuture<Void>> syncs = new ArrayList<>();
        Set<Path> folders = new LinkedHashSet<>();
        for (FileTask file : download.syncs ? written : List.<FileTask>of()) {
            syncs.add(CompletableFuture.runAsync(() -> sync(file.path), syncer));
            folders.add(file.path.getParent());
        }
        CompletableFuture.allOf(syncs.toArray(CompletableFuture[]::new))
                .thenCompose(ignored -> CompletableFuture.allOf(folders.stream()
                        .map(folder -> CompletableFuture.runAsync(() -> sync(folder), syncer))
                        .toArray(CompletableFuture[]::new)))
                .thenRun(() -> { // on the thread that finished the last sync, or here when there was none
                    List<Integer> ordinals = written.stream().map(f -> f.ordinal).toList();
                    try {
                        store.markFilesDone(download.hash, ordinals);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    for (FileTask file : written) {
                        file.synced();
                        file.arrivals.add(0);
                        results.add(new Result(download, file, 0, from, Outcome.WRITTEN, null));
                    }
                })
                .whenComplete((ignored, error) -> {
                    if (error != null) {
                        Throwable cause = error.getCause() != null ? error.getCause() : error;
                        IOException io = cause instanceof IOException e ? e : new IOException(cause.getMessage(), cause);
                        for (FileTask file : written) {
                            results.add(new Result(download, file, 0, from, Outcome.WRITE_FAILED, io));
                        }
                    }
                    done.accept(results);
                });
    }

    /** Flushes a file or folder to the disk. */
    private static void sync(Path path) {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            channel.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
        syncer.shutdownNow();
        try {
            pool.awaitTermination(5, TimeUnit.SECONDS);
            writer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
