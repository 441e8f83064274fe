package io.iwant.protocol.hash;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * The content-identity primitives of DESIGN.md §3; see {@code package-info.java} for the full scheme.
 * Stateless and thread-safe.
 */
public final class ContentHash {
    /** The chunk size every file is cut into today: 1 MiB. It travels in the metadata so it can change later. */
    public static final int CHUNK_SIZE = 1 << 20;
    /** The length of every id and hash: a SHA-256 digest. */
    public static final int HASH_BYTES = 32;
    /** Domain tag in front of a chunk's bytes. */
    public static final byte CHUNK_TAG = 0x00;
    /** Domain tag in front of two child hashes in a Merkle node. */
    public static final byte NODE_TAG = 0x01;
    /** Domain tag in front of a folder manifest. */
    public static final byte MANIFEST_TAG = 0x02;
    /** How much of a chunk goes to a digest per call; see {@link #update}. */
    private static final int UPDATE_SLICE = 8192;

    private ContentHash() {
    }

    /** A fresh SHA-256 digest (every JDK has one). */
    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no SHA-256", e);
        }
    }

    /** The id of a chunk: SHA-256(0x00 || bytes). */
    public static byte[] chunkId(byte[] bytes, int offset, int length) {
        byte[] id = new byte[HASH_BYTES];
        chunkIdInto(sha256(), bytes, offset, length, id, 0);
        return id;
    }

    /**
     * Writes the id of the chunk in {@code bytes[offset, offset + length)} into {@code out} at {@code outOffset},
     * with {@code md}, a SHA-256 digest that is reset on return (a caller's reused one).
     */
    public static void chunkIdInto(MessageDigest md, byte[] bytes, int offset, int length, byte[] out,
                                   int outOffset) {
        md.update(CHUNK_TAG);
        update(md, bytes, offset, length);
        digestInto(md, out, outOffset);
    }

    /**
     * Feeds {@code length} bytes to {@code md} a slice of 8 KiB at a time. One call per slice costs nothing beside
     * hashing it, but it makes the JIT compile the digest's update early: only compiled code hashes many blocks per
     * call with the CPU's SHA instructions, and with one call per 1 MiB chunk a fresh JVM hashed for its first half
     * second at the slower block-by-block speed.
     */
    private static void update(MessageDigest md, byte[] bytes, int offset, int length) {
        for (int done = 0; done < length; done += UPDATE_SLICE) {
            md.update(bytes, offset + done, Math.min(UPDATE_SLICE, length - done));
        }
    }

    /** The id of a chunk: SHA-256(0x00 || bytes). */
    public static byte[] chunkId(byte[] bytes) {
        return chunkId(bytes, 0, bytes.length);
    }

    /** An inner Merkle node: SHA-256(0x01 || left || right). */
    public static byte[] node(byte[] left, byte[] right) {
        checkHash(left);
        checkHash(right);
        MessageDigest md = sha256();
        md.update(NODE_TAG);
        md.update(left);
        md.update(right);
        return md.digest();
    }

    /** How many chunks a file of {@code size} bytes has: at least one (an empty file is one empty chunk). */
    public static long chunkCount(long size, int chunkSize) {
        if (size < 0 || chunkSize <= 0) {
            throw new IllegalArgumentException("bad size " + size + " or chunk size " + chunkSize);
        }
        return size == 0 ? 1 : (size - 1) / chunkSize + 1;
    }

    /** The Merkle root over chunk ids given in order. */
    public static byte[] merkleRoot(List<byte[]> chunkIds) {
        byte[] joined = new byte[chunkIds.size() * HASH_BYTES];
        for (int i = 0; i < chunkIds.size(); i++) {
            byte[] id = chunkIds.get(i);
            checkHash(id);
            System.arraycopy(id, 0, joined, i * HASH_BYTES, HASH_BYTES);
        }
        return merkleRoot(joined);
    }

    /**
     * The Merkle root over chunk ids concatenated in order ({@code 32 * n} bytes, n at least 1): pairs are joined
     * level by level, an odd last node is carried up unchanged, and one id is its own root.
     */
    public static byte[] merkleRoot(byte[] concatenatedIds) {
        if (concatenatedIds.length == 0 || concatenatedIds.length % HASH_BYTES != 0) {
            throw new IllegalArgumentException("chunk ids must be a positive multiple of 32 bytes, not "
                    + concatenatedIds.length);
        }
        if (concatenatedIds.length == HASH_BYTES) {
            return concatenatedIds.clone(); // one chunk: its id, and no digest to look up for most small files
        }
        byte[] level = concatenatedIds.clone();
        int count = level.length / HASH_BYTES;
        MessageDigest md = sha256();
        while (count > 1) {
            int next = 0;
            for (int i = 0; i + 1 < count; i += 2) {
                md.update(NODE_TAG);
                md.update(level, i * HASH_BYTES, 2 * HASH_BYTES);
                digestInto(md, level, next * HASH_BYTES);
                next++;
            }
            if (count % 2 == 1) {
                System.arraycopy(level, (count - 1) * HASH_BYTES, level, next * HASH_BYTES, HASH_BYTES);
                next++;
            }
            count = next;
        }
        byte[] root = new byte[HASH_BYTES];
        System.arraycopy(level, 0, root, 0, HASH_BYTES);
        return root;
    }

    /** Finishes {@code md} into {@code out} at {@code offset} (32 bytes) and resets it. */
    public static void digestInto(MessageDigest md, byte[] out, int offset) {
        try {
            md.digest(out, offset, HASH_BYTES);
        } catch (java.security.DigestException e) {
            throw new IllegalStateException("SHA-256 digest did not fit 32 bytes", e);
        }
    }

    private static void checkHash(byte[] hash) {
        if (hash == null || hash.length != HASH_BYTES) {
            throw new IllegalArgumentException("a hash has 32 bytes");
        }
    }
}
