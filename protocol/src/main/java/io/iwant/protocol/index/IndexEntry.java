package io.iwant.protocol.index;

import io.iwant.protocol.hash.Hex;

/**
 * One shared file or folder as the network sees it: its path relative to the share root ('/'-separated, never
 * empty, never absolute, no '.' or '..' segments), its size in bytes (a folder: the total of its files), its
 * content hash (lowercase hex SHA-256) and whether it is a folder.
 */
public record IndexEntry(String path, long size, String hash, boolean dir) {
    public IndexEntry {
        if (!RelativePath.isValid(path)) {
            throw new IllegalArgumentException("bad relative path");
        }
        if (size < 0) {
            throw new IllegalArgumentException("negative size: " + size);
        }
        if (!Hex.isHash(hash)) {
            throw new IllegalArgumentException("not a content hash");
        }
    }

    /** The last path segment: what the user sees and searches for. */
    public String name() {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? path : path.substring(slash + 1);
    }
}
