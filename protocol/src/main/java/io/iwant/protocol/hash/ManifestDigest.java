package io.iwant.protocol.hash;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Computes a folder hash by streaming the canonical manifest encoding (see {@link FolderManifest}) into SHA-256,
 * without building the manifest. Entries must come in {@link FolderManifest#NAME_ORDER}, each name once, and
 * exactly as many as announced. Not thread-safe; one instance per folder.
 */
public final class ManifestDigest {
    private final MessageDigest md = ContentHash.sha256();
    private final byte[] scratch = new byte[8];
    private final int count;
    private int added;
    private String lastName;

    public ManifestDigest(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("negative entry count: " + count);
        }
        this.count = count;
        md.update(ContentHash.MANIFEST_TAG);
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
        md.update(utf8);
        md.update(kind.code());
        putLong(size);
        md.update(hash);
        lastName = name;
        added++;
        return this;
    }

    /** The folder hash: SHA-256 over the whole manifest. */
    public byte[] finish() {
        if (added != count) {
            throw new IllegalStateException(added + " entries added but " + count + " announced");
        }
        return md.digest();
    }

    private void putInt(int value) {
        for (int i = 0; i < 4; i++) {
            scratch[i] = (byte) (value >>> (24 - 8 * i));
        }
        md.update(scratch, 0, 4);
    }

    private void putLong(long value) {
        for (int i = 0; i < 8; i++) {
            scratch[i] = (byte) (value >>> (56 - 8 * i));
        }
        md.update(scratch, 0, 8);
    }
}
