package io.iwant.daemon.index;

/** What hashing one file gave; handed from a hashing thread to the index thread. */
sealed interface HashResult {
    long generation();

    String path();

    /** True if the job held a scan permit, to give back once the result is applied. */
    boolean permit();

    /** The file was read (or recognised as renamed); {@code hex} is the hash in hex, {@code record} its database record. */
    record Hashed(long generation, String path, boolean permit, long size, long mtimeNanos, byte[] hash, String hex,
                  Object fileKey, byte[] record) implements HashResult {
    }

    /** The path is no longer a shareable file. */
    record Gone(long generation, String path, boolean permit) implements HashResult {
    }

    /** The file could not be read; it is logged and left out. */
    record Unreadable(long generation, String path, boolean permit, String reason) implements HashResult {
    }

    /** The file changed while it was read: it is still being written, so look again once it settles. */
    record Changed(long generation, String path, boolean permit) implements HashResult {
    }
}
