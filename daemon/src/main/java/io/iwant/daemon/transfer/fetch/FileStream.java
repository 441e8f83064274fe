package io.iwant.daemon.transfer.fetch;

import io.iwant.protocol.control.DownloadState;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One reader of a file download: reads the file's verified bytes at any offset while it downloads, waiting for the
 * chunks it needs, and tells the chunk picker where it reads, so those chunks come first (a read far from the last
 * one is a seek: the window moves there). Bytes come from the part file, and only from chunks checked against their
 * ids ({@link Arrivals}); once the file is complete, from the finished file. The download goes on when the reader
 * is closed. Made by {@link DownloadManager#stream}; one thread at a time.
 */
public final class FileStream implements AutoCloseable {
    /** How long one wait lasts before the state of the download is looked at again. */
    private static final long LOOK_AGAIN_NANOS = 200_000_000L;

    /** What a reader can read now: the download's progress, and its file while it is being fetched. */
    record Source(Progress progress, FileTask file, Readers readers) {
    }

    private final DownloadManager manager;
    private final String hash;
    private final Object changes = new Object();
    private final Consumer<Progress> listener;
    private long version;
    private Readers readers;
    /** The MiB the loop was last told this reader is in. */
    private long told = -1;
    private FileTask file;
    private FileChannel channel;
    private boolean whole;
    private boolean closed;

    FileStream(DownloadManager manager, String hash) {
        this.manager = manager;
        this.hash = hash;
        this.listener = p -> {
            if (p.hash().equals(hash)) {
                synchronized (changes) {
                    version++;
                    changes.notifyAll();
                }
            }
        };
        manager.addListener(listener);
    }

    /** True if {@code p} is a finished file that is still in place, whole (it is read from there). */
    static boolean inPlace(Progress p) {
        if (p.state() != DownloadState.DONE || p.dir() || p.target().isEmpty()) {
            return false;
        }
        try {
            Path target = Path.of(p.target());
            return Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS) && Files.size(target) == p.size();
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    public String hash() {
        return hash;
    }

    /** The download's progress as last seen; empty if it is not (any more) in the list. */
    public Optional<Progress> progress() {
        Source s = manager.source(hash);
        return s == null ? Optional.empty() : Optional.of(s.progress());
    }

    /**
     * Says where this reader will read first, before it knows the file's size (a player's range): the chunks there
     * come first from the download's first request on. Offsets past the end stand for the end.
     */
    public void seek(long offset) {
        Source s = manager.source(hash);
        if (s != null && !closed) {
            follow(s.readers(), offset);
        }
    }

    /**
     * The file's size, once the download knows it for sure (from the metadata its seeders sent, which hash to the
     * file's hash); -1 if it is not known within {@code patience}.
     *
     * @throws IOException with one sentence for the user when the download failed, was cancelled or is a folder
     */
    public long size(Duration patience) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            long seen = version();
            Source s = current();
            if (s.progress().state() == DownloadState.DONE) {
                return s.progress().size();
            }
            if (s.file() != null) {
                return s.file().size;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return -1;
            }
            awaitChange(seen, Math.min(left, LOOK_AGAIN_NANOS));
        }
    }

    /**
     * Reads verified bytes at {@code offset} into {@code dst}, as many as are there in a row (at most its remaining
     * room), waiting at most {@code patience} for the first of them.
     *
     * @return the number of bytes read; 0 if none arrived in time; -1 at the end of the file
     * @throws IOException with one sentence for the user when the download failed, was cancelled or is a folder, or
     *                     the file cannot be read
     */
    public int read(long offset, ByteBuffer dst, Duration patience) throws IOException, InterruptedException {
        if (offset < 0) {
            throw new IllegalArgumentException("negative offset " + offset);
        }
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            long seen = version();
            Source s = current();
            follow(s.readers(), offset);
            Progress p = s.progress();
            if (p.state() == DownloadState.DONE) {
                return readWhole(p, offset, dst);
            }
            long left = deadline - System.nanoTime();
            if (s.file() != null && open(s.file())) {
                if (offset >= file.size) {
                    return -1;
                }
                int index = file.chunkAt(offset);
                int run = file.arrivals.await(index, Math.max(0, Math.min(left, LOOK_AGAIN_NANOS)));
                if (run > 0) {
                    return readAt(offset, dst, Math.min(file.size, file.offset(index + run)));
                }
            } else if (left > 0) {
                awaitChange(seen, Math.min(left, LOOK_AGAIN_NANOS));
            }
            if (deadline - System.nanoTime() <= 0) {
                return 0;
            }
        }
    }

    /** The download as it is now; throws for one that cannot be read any more. */
    private Source current() throws IOException {
        if (closed) {
            throw new IOException("the stream is closed");
        }
        Source s = manager.source(hash);
        if (s == null) {
            throw new IOException("the download of " + hash.substring(0, 12) + " was cleared from the list");
        }
        Progress p = s.progress();
        if (p.dir()) {
            throw new IOException(p.name() + " is a folder; only a file can be read as it downloads");
        }
        if (p.state() == DownloadState.FAILED) {
            throw new IOException(p.reason().isEmpty() ? "the download of " + p.name() + " failed" : p.reason());
        }
        if (p.state() == DownloadState.CANCELLED) {
            throw new IOException("the download of " + p.name() + " was cancelled");
        }
        return s;
    }

    /** Reads from the finished file (or the part it was, which is the same file renamed). */
    private int readWhole(Progress p, long offset, ByteBuffer dst) throws IOException {
        if (!whole) {
            if (channel == null) {
                if (p.target().isEmpty()) {
                    throw new IOException("the download of " + p.name() + " has no file to read");
                }
                channel = FileChannel.open(Path.of(p.target()), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
            }
            whole = true;
        }
        if (offset >= p.size()) {
            return -1;
        }
        return readAt(offset, dst, p.size());
    }

    /**
     * Opens the part file {@code task} writes, if it is not the one open already; false if it is gone (moved into
     * place meanwhile: the download is about to say where).
     */
    private boolean open(FileTask task) throws IOException {
        if (task == file && channel != null) {
            return true;
        }
        closeChannel();
        try {
            channel = FileChannel.open(task.path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException moved) {
            return false;
        }
        file = task;
        return true;
    }

    /** Reads from {@code offset} up to {@code end} (or less, as {@code dst} has room). */
    private int readAt(long offset, ByteBuffer dst, long end) throws IOException {
        int n = (int) Math.min(dst.remaining(), end - offset);
        ByteBuffer into = dst.slice(dst.position(), n);
        while (into.hasRemaining()) {
            if (channel.read(into, offset + into.position()) < 0) {
                throw new IOException("the file of " + hash.substring(0, 12) + " is shorter than it should be;"
                        + " it was changed on disk");
            }
        }
        dst.position(dst.position() + n);
        return n;
    }

    /** Puts this reader at {@code offset} among the download's readers. */
    private void follow(Readers current, long offset) {
        if (current != readers) {
            if (readers != null) {
                readers.leave(this);
            }
            readers = current;
        }
        if (readers.move(this, offset) && offset >> 20 != told) {
            told = offset >> 20;
            manager.nudge();
        }
    }

    private long version() {
        synchronized (changes) {
            return version;
        }
    }

    private void awaitChange(long seen, long nanos) throws InterruptedException {
        long deadline = System.nanoTime() + nanos;
        synchronized (changes) {
            while (version == seen) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                changes.wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    private void closeChannel() throws IOException {
        FileChannel open = channel;
        channel = null;
        file = null;
        whole = false;
        if (open != null) {
            open.close();
        }
    }

    /** Leaves the download's readers (its window goes) and closes the file; the download goes on. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        manager.removeListener(listener);
        if (readers != null) {
            readers.leave(this);
        }
        try {
            closeChannel();
        } catch (IOException ignored) {
            // reading only: nothing is lost
        }
    }
}
