package io.iwant.daemon.leader.search;

import io.iwant.protocol.hash.Hex;
import io.iwant.protocol.index.IndexEntry;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Index entries for tests: the hash of a file is derived from a content label, so equal labels mean equal content. */
final class Fixtures {
    private Fixtures() {
    }

    static String hashOf(String content) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8));
            return Hex.encode(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** A file whose content is named by its path. */
    static IndexEntry file(String path) {
        return file(path, path);
    }

    static IndexEntry file(String path, String content) {
        return new IndexEntry(path, content.length() * 1000L, hashOf(content), false);
    }

    static IndexEntry folder(String path) {
        return new IndexEntry(path, 123_456L, hashOf("folder:" + path), true);
    }
}
