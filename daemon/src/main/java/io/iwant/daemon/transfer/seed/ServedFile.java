package io.iwant.daemon.transfer.seed;

import io.iwant.protocol.hash.ContentHash;

import java.nio.file.Path;

/**
 * An indexed file as the chunk server serves it: where it is, the size and modification time it had when it was
 * hashed, the chunk size and every chunk id (concatenated, 32 bytes each, not copied: treat as read-only).
 * Before reading, the server compares size and mtime with the file on disk; on a difference it refuses and calls
 * {@code changed}, which should schedule the file to be indexed again (it may be called from several threads).
 */
public record ServedFile(Path path, long size, long mtimeNanos, int chunkSize, byte[] chunkIds, Runnable changed) {
    public ServedFile {
        if (path == null || !path.isAbsolute()) {
            throw new IllegalArgumentException("a served file needs an absolute path: " + path);
        }
        if (size < 0 || chunkSize <= 0 || chunkIds == null
                || chunkIds.length != ContentHash.chunkCount(size, chunkSize) * ContentHash.HASH_BYTES) {
            throw new IllegalArgumentException("inconsistent size, chunk size and chunk ids for " + path);
        }
        if (changed == null) {
            changed = () -> { };
        }
    }

    public int chunkCount() {
        return chunkIds.length / ContentHash.HASH_BYTES;
    }
}
