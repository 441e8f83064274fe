package io.iwant.daemon.index;

import io.iwant.protocol.hash.ContentHash;
import io.iwant.protocol.hash.Hex;

import java.nio.file.Path;
import java.util.List;

/**
 * An indexed file as the chunk server needs it: where it is, what size and mtime it had when hashed, its hash, the
 * chunk size and every chunk id. Immutable. Before serving from it, ask {@link LocalIndex#verify(LocalFile)}.
 */
public final class LocalFile {
    private final Path path;
    private final String relativePath;
    private final long size;
    private final long mtimeNanos;
    private final String hash;
    private final int chunkSize;
    private final byte[] chunkIds;

    LocalFile(Path path, String relativePath, long size, long mtimeNanos, String hash, int chunkSize, byte[] chunkIds) {
        this.path = path;
        this.relativePath = relativePath;
        this.size = size;
        this.mtimeNanos = mtimeNanos;
        this.hash = hash;
        this.chunkSize = chunkSize;
        this.chunkIds = chunkIds;
    }

    /** The absolute path of the file (a link inside the share when the file was shared through one). */
    public Path path() {
        return path;
    }

    /** The '/'-separated path below the share root. */
    public String relativePath() {
        return relativePath;
    }

    public long size() {
        return size;
    }

    /** The modification time the file had when it was hashed, in nanoseconds since the epoch. */
    public long mtimeNanos() {
        return mtimeNanos;
    }

    /** The file's hash in lowercase hex. */
    public String hash() {
        return hash;
    }

    public int chunkSize() {
        return chunkSize;
    }

    public int chunkCount() {
        return chunkIds.length / ContentHash.HASH_BYTES;
    }

    /** Chunk {@code index}'s id in lowercase hex. */
    public String chunkId(int index) {
        return Hex.encode(chunkIds, index * ContentHash.HASH_BYTES, ContentHash.HASH_BYTES);
    }

    /** Chunk {@code index}'s id as 32 bytes. */
    public byte[] chunkIdBytes(int index) {
        byte[] id = new byte[ContentHash.HASH_BYTES];
        System.arraycopy(chunkIds, index * ContentHash.HASH_BYTES, id, 0, id.length);
        return id;
    }

    /** All chunk ids, 32 bytes each, concatenated: the array itself, not a copy, so treat it as read-only. */
    public byte[] chunkIdBytes() {
        return chunkIds;
    }

    /** All chunk ids in lowercase hex, in order (a view). */
    public List<String> chunkIds() {
        return Hex.slices(chunkIds, ContentHash.HASH_BYTES);
    }

    @Override
    public String toString() {
        return "LocalFile[" + relativePath + ", " + hash + ", " + size + " bytes]";
    }
}
