package io.iwant.daemon.transfer.fetch;

import io.iwant.protocol.hash.ContentHash;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One file content a download fetches: its hash, size, chunk ids, the path its chunks are written to, and other
 * paths of the same download that get a copy when it is complete (a folder may hold the same content twice).
 * <p>Threading: the identity fields are immutable; {@link #write} and {@link #close} may run on any thread (the
 * channel is opened lazily under this object's lock, and positional writes are safe concurrently); the chunk
 * bookkeeping ({@code done}, {@code missing}, {@code inflight}, {@code verifying}, exclusions) belongs to the
 * transfer loop thread once the task is handed to it, and to the preparing thread before.
 */
final class FileTask {
    final int ordinal;
    final String hash;
    final long size;
    final int chunkSize;
    final Path path;
    final List<Path> copies;
    private final byte[] chunkIds;

    final BitSet done = new BitSet();
    final BitSet missing = new BitSet();
    final BitSet verifying = new BitSet();
    final byte[] inflight;
    final Set<PeerLink> excluded = new HashSet<>();
    /** The chunks done, for readers on other threads (any thread may read it). */
    final Arrivals arrivals = new Arrivals();
    int slot;
    int cursor;

    private FileChannel channel;
    private boolean closed;
    /** Set once the whole file is on the disk (a batch synced it), so closing need not sync it again. */
    private boolean synced;
    /** Set once the file is synced, closed and copied to its other paths ({@link Finisher#finishFile}). */
    private volatile boolean finished;
    /** False while the file does not exist yet: the first write creates it, and fails if something is there. */
    private boolean created = true;

    FileTask(int ordinal, String hash, long size, int chunkSize, byte[] chunkIds, Path path, List<Path> copies) {
        if (chunkIds.length != ContentHash.chunkCount(size, chunkSize) * ContentHash.HASH_BYTES) {
            throw new IllegalArgumentException("chunk ids do not match the size of " + path);
        }
        this.ordinal = ordinal;
        this.hash = hash;
        this.size = size;
        this.chunkSize = chunkSize;
        this.chunkIds = chunkIds;
        this.path = path;
        this.copies = List.copyOf(copies);
        this.inflight = new byte[chunkIds.length / ContentHash.HASH_BYTES];
    }

    int chunkCount() {
        return inflight.length;
    }

    /** The chunk that holds byte {@code offset} (the last one for offsets past the end). */
    int chunkAt(long offset) {
        return (int) Math.min(chunkCount() - 1, Math.max(0, offset) / chunkSize);
    }

    long offset(int index) {
        return (long) index * chunkSize;
    }

    int length(int index) {
        return (int) Math.min(chunkSize, size - offset(index));
    }

    /** Bytes of the chunks marked done. */
    long doneBytes() {
        long bytes = 0;
        for (int i = done.nextSetBit(0); i >= 0; i = done.nextSetBit(i + 1)) {
            bytes += length(i);
        }
        return bytes;
    }

    boolean complete() {
        return done.cardinality() == chunkCount();
    }

    /** Marks every chunk not done as missing (ready to be requested), and the done ones readable. */
    void resetMissing() {
        arrivals.addAll(done);
        missing.clear();
        missing.set(0, chunkCount());
        missing.andNot(done);
        verifying.clear();
        Arrays.fill(inflight, (byte) 0);
    }

    /** True if {@code digest} (32 bytes) is chunk {@code index}'s id. */
    boolean matches(int index, byte[] digest) {
        int from = index * ContentHash.HASH_BYTES;
        return Arrays.equals(chunkIds, from, from + ContentHash.HASH_BYTES, digest, 0, ContentHash.HASH_BYTES);
    }

    /** Writes a verified chunk (the buffer's remaining bytes) at its offset. */
    void write(int index, ByteBuffer data) throws IOException {
        FileChannel ch = channel();
        ByteBuffer buffer = data.duplicate();
        long offset = offset(index) - buffer.position();
        while (buffer.hasRemaining()) {
            ch.write(buffer, offset + buffer.position());
        }
    }

    /**
     * Writes the whole file (a small one, of one chunk) from the buffer's remaining bytes and closes it again: the
     * file is not kept open, since a batch may hold hundreds of files.
     */
    void writeWhole(ByteBuffer data) throws IOException {
        synchronized (this) {
            if (closed) {
                throw new IOException("the download of " + path.getFileName() + " was stopped");
            }
        }
        try (FileChannel ch = open(StandardOpenOption.WRITE)) {
            ByteBuffer buffer = data.duplicate();
            int start = buffer.position();
            while (buffer.hasRemaining()) {
                ch.write(buffer, buffer.position() - start);
            }
        }
    }

    /** Opens the part file for writing (creating it) on first use. */
    synchronized FileChannel channel() throws IOException {
        if (closed) {
            throw new IOException("the download of " + path.getFileName() + " was stopped");
        }
        if (channel == null) {
            channel = open(StandardOpenOption.WRITE, StandardOpenOption.READ);
        }
        return channel;
    }

    boolean finished() {
        return finished;
    }

    void finishedNow() {
        finished = true;
    }

    /** The planner left the file to be created by its first write. */
    synchronized void notCreated() {
        created = false;
    }

    /** The file exists now (copied in from elsewhere). */
    synchronized void created() {
        created = true;
    }

    /** Opens the file, creating it if it is to be created by its first write (never over something there). */
    private synchronized FileChannel open(StandardOpenOption... options) throws IOException {
        Set<java.nio.file.OpenOption> all = new HashSet<>(List.of(options));
        all.add(LinkOption.NOFOLLOW_LINKS);
        all.add(created ? StandardOpenOption.CREATE : StandardOpenOption.CREATE_NEW);
        try {
            FileChannel opened = FileChannel.open(path, all);
            created = true;
            return opened;
        } catch (FileAlreadyExistsException e) {
            throw new IOException("cannot create " + path + ": something else is already there"
                    + " (a name that differs only in case or form on this file system?)");
        }
    }

    /** The whole file is on the disk: closing it need not sync it again. */
    synchronized void synced() {
        synced = true;
    }

    /** True if finishing the file takes no system call: it was synced and closed, and has no copies to fill in. */
    synchronized boolean finishesAtOnce() {
        return synced && channel == null && copies.isEmpty();
    }

    /**
     * Flushes to disk (when {@code force}) and closes; later writes fail. A file this run did not write and sync
     * itself (found complete on disk after a restart) is synced too.
     */
    synchronized void close(boolean force) throws IOException {
        closed = true;
        if (channel == null && force && !synced && size > 0) {
            try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
                ch.force(true);
            }
            synced = true;
        }
        if (channel != null) {
            try {
                if (force) {
                    channel.force(true);
                }
            } finally {
                channel.close();
                channel = null;
                synced = force;
            }
        }
    }

    @Override
    public String toString() {
        return "FileTask[" + path.getFileName() + ", " + hash + "]";
    }
}
