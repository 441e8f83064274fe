package io.iwant.protocol.hash;

import java.util.List;

/** What hashing a file gives: its size, the chunk size used, every chunk id in order and the Merkle root. Immutable. */
public final class FileDigest {
    private final long size;
    private final int chunkSize;
    private final byte[] chunkIds;
    private final byte[] root;

    /**
     * @param chunkIds the chunk ids concatenated in order, as many as {@link ContentHash#chunkCount} says for the size
     */
    public FileDigest(long size, int chunkSize, byte[] chunkIds) {
        long expected = ContentHash.chunkCount(size, chunkSize);
        if (chunkIds.length != expected * ContentHash.HASH_BYTES) {
            throw new IllegalArgumentException("a file of " + size + " bytes has " + expected + " chunks, not "
                    + chunkIds.length / ContentHash.HASH_BYTES);
        }
        this.size = size;
        this.chunkSize = chunkSize;
        this.chunkIds = chunkIds.clone();
        this.root = ContentHash.merkleRoot(this.chunkIds);
    }

    public long size() {
        return size;
    }

    public int chunkSize() {
        return chunkSize;
    }

    public int chunkCount() {
        return chunkIds.length / ContentHash.HASH_BYTES;
    }

    /** The file's hash (the Merkle root) as lowercase hex. */
    public String hash() {
        return Hex.encode(root);
    }

    /** The file's hash as 32 bytes (a copy). */
    public byte[] root() {
        return root.clone();
    }

    /** Chunk {@code index}'s id as lowercase hex. */
    public String chunkId(int index) {
        return Hex.encode(chunkIds, index * ContentHash.HASH_BYTES, ContentHash.HASH_BYTES);
    }

    /** All chunk ids concatenated (a copy). */
    public byte[] chunkIdBytes() {
        return chunkIds.clone();
    }

    /** All chunk ids as lowercase hex, in order (a view computed on access). */
    public List<String> chunkIds() {
        return Hex.slices(chunkIds, ContentHash.HASH_BYTES);
    }

    @Override
    public String toString() {
        return "FileDigest[" + hash() + ", " + size + " bytes, " + chunkCount() + " chunks]";
    }
}
