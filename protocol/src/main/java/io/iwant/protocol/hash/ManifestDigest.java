package io.iwant.protocol.hash;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Computes a folder hash by streaming the canonical manifest encoding (see {@link FolderManifest}) into SHA-256,
 * without building the manifest. Entries must come in {@link FolderManifest#NAME_ORDER}, each name once, and
 * exactly as many as announced. Not thread-safe; one instance per folder.
 */
public final class ManifestDigest {
    private static final int BUFFER = 16 * 1024;
    private final MessageDigest md = ContentHash.sha256();
    /** Entries are encoded here and handed to the digest in large pieces: one update per entry is slow. */
    private final byte[] buffer = new byte[BUFFER];
    private int used;
    private final int count;
    private int added;
    private String lastName;

    public ManifestDigest(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("negative entry count: " + count);
        }
        this.count = count;
        buffer[used++] = ContentHash.MANIFEST_TAG;
        putInt(count);
    }

    /** Adds the next entry; {@code hash} is its 32-byte content hash. */
    public ManifestDigest add(String name, FolderManifest.Kind kind, long size, byte[] hash) {
        if (!FolderManifest.isValidName(name)) {
            throw new IllegalArgumentException("not a valid entry name: " + name);
        }
        if (lastName != null && FolderManifest.NAME_ORDER.compare(lastName, name) >= 0) {
            throw new IllegalArgumentException("entry " + name + " is out of order or repeated after " + lastName);
        }
        if (added == count) {
            throw new IllegalStateException("more than the " + count + " announced entries");
        }
        if (size < 0) {
            throw new IllegalArgumentException("negative size: " + size);
        }
        if (hash == null || hash.length != ContentHash.HASH_BYTES) {
            throw new IllegalArgumentException("a hash has 32 bytes");
        }
        byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        putInt(utf8.length);
        put(utf8);
        room(1);
        buffer[used++] = kind.code();
        putLong(size);
        put(hash);
        lastName = name;
        added++;
        return this;
    }

    /** The folder hash: SHA-256 over the whole manifest. */
    public byte[] finish() {
        if (added != count) {
            throw new IllegalStateException(added + " entries added but " + count + " announced");
        }
        md.update(buffer, 0, used);
        used = 0;
        return md.digest();
    }

    private void room(int bytes) {
        if (used + bytes > buffer.length) {
            md.update(buffer, 0, used);
            used = 0;
        }
    }

    private void put(byte[] bytes) {
        if (bytes.length > buffer.length) {
            md.update(buffer, 0, used);
            used = 0;
            md.update(bytes);
            return;
        }
        room(bytes.length);
        System.arraycopy(bytes, 0, buffer, used, bytes.length);
        used += bytes.length;
    }

    private void putInt(int value) {
        room(4);
        for (int i = 0; i < 4; i++) {
            buffer[used++] = (byte) (value >>> (24 - 8 * i));
        }
    }

    private void putLong(long value) {
        room(8);
        for (int i = 0; i < 8; i++) {
            buffer[used++] = (byte) (value >>> (56 - 8 * i));
        }
    }
}
