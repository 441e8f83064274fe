package io.iwant.daemon.index;

/**
 * What the local index holds, for {@code status}: files, folders (the share root not counted) and the bytes of all
 * files. While hashing, {@code hashedBytes} have been read since hashing began and {@code pendingBytes} are still
 * to read, so progress is {@code hashedBytes / (hashedBytes + pendingBytes)}; both are 0 when idle.
 */
public record IndexStats(long files, long folders, long bytes, boolean hashing, long hashedBytes, long pendingBytes) {
}
