package io.iwant.protocol.hash;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.function.LongConsumer;

/**
 * Hashes files by streaming them through one reusable chunk-sized buffer: a file is never loaded whole. Not
 * thread-safe: give each hashing thread its own instance (it holds a 1 MiB buffer and a digest).
 */
public final class FileHasher {
    private final int chunkSize;
    private final ByteBuffer buffer;
    private final MessageDigest md = ContentHash.sha256();

    /** A hasher with the standard 1 MiB chunks. */
    public FileHasher() {
        this(ContentHash.CHUNK_SIZE);
    }

    public FileHasher(int chunkSize) {
        if (chunkSize <= 0) {
            throw new IllegalArgumentException("chunk size must be positive: " + chunkSize);
        }
        this.chunkSize = chunkSize;
        this.buffer = ByteBuffer.allocate(chunkSize);
    }

    public int chunkSize() {
        return chunkSize;
    }

    /** Hashes the file at {@code file}. */
    public FileDigest hash(Path file) throws IOException {
        return hash(file, null);
    }

    /** Hashes the file at {@code file}, reporting the bytes read after each chunk to {@code progress} (may be null). */
    public FileDigest hash(Path file, LongConsumer progress) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return hash(channel, channel.size(), progress);
        }
    }

    /**
     * Hashes everything {@code channel} yields until its end.
     *
     * @param sizeHint the expected size, used only to size the chunk id array (0 if unknown)
     * @param progress told the number of bytes read after each chunk (may be null)
     */
    public FileDigest hash(ReadableByteChannel channel, long sizeHint, LongConsumer progress) throws IOException {
        return hash(channel, Long.MAX_VALUE, sizeHint, progress);
    }

    /**
     * Hashes the first {@code size} bytes of {@code channel}, or fewer if it ends sooner: for a file whose size is
     * known from a stat, this saves the read that would find its end. The caller compares {@link FileDigest#size()}
     * and a second stat with what it expected, since the file may have changed meanwhile.
     */
    public FileDigest hashPrefix(ReadableByteChannel channel, long size, LongConsumer progress) throws IOException {
        if (size < 0) {
            throw new IllegalArgumentException("negative size: " + size);
        }
        return hash(channel, size, size, progress);
    }

    /**
     * Hashes {@code count} chunks of a file of {@code size} bytes, starting at chunk {@code first}, with positional
     * reads, and writes their ids into {@code ids} at their places ({@code 32 * index}). Several hashers may work on
     * different chunks of one file at once, each through its own or a shared channel.
     *
     * @return the bytes read: fewer than the chunks cover if the file ended sooner (then the ids are incomplete)
     */
    public long hashChunks(FileChannel channel, long size, int first, int count, byte[] ids, LongConsumer progress)
            throws IOException {
        long read = 0;
        byte[] array = buffer.array();
        for (int index = first; index < first + count; index++) {
            long position = (long) index * chunkSize;
            int length = (int) Math.max(0, Math.min(chunkSize, size - position));
            buffer.clear();
            buffer.limit(length);
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, position + buffer.position()) < 0) {
                    return read + buffer.position();
                }
            }
            ContentHash.chunkIdInto(md, array, 0, length, ids, index * ContentHash.HASH_BYTES);
            read += length;
            if (progress != null) {
                progress.accept(length);
            }
        }
        return read;
    }

    private FileDigest hash(ReadableByteChannel channel, long limit, long sizeHint, LongConsumer progress)
            throws IOException {
        long expectedChunks = ContentHash.chunkCount(Math.max(0, Math.min(limit, sizeHint)), chunkSize);
        byte[] ids = new byte[(int) Math.min(expectedChunks, 1 << 16) * ContentHash.HASH_BYTES];
        int count = 0;
        long size = 0;
        byte[] array = buffer.array();
        while (true) {
            buffer.clear();
            buffer.limit((int) Math.min(chunkSize, limit - size));
            boolean ended = false;
            while (buffer.hasRemaining()) {
                if (channel.read(buffer) < 0) {
                    ended = true;
                    break;
                }
            }
            int length = buffer.position();
            if (length == 0 && count > 0) {
                break;
            }
            if ((count + 1) * ContentHash.HASH_BYTES > ids.length) {
                ids = Arrays.copyOf(ids, Math.max(ids.length * 2, ContentHash.HASH_BYTES * 4));
            }
            ContentHash.chunkIdInto(md, array, 0, length, ids, count * ContentHash.HASH_BYTES);
            count++;
            size += length;
            if (progress != null) {
                progress.accept(length);
            }
            if (ended || length < chunkSize || size == limit) {
                break;
            }
        }
        if (ids.length != count * ContentHash.HASH_BYTES) {
            ids = Arrays.copyOf(ids, count * ContentHash.HASH_BYTES);
        }
        return new FileDigest(size, chunkSize, ids);
    }
}
