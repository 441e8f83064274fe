package io.iwant.daemon.transfer.fetch;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the readers of one file download read (byte offsets, one per reader), so that the chunk picker fetches the
 * chunks just ahead of them first. A reader that moves (reads on, or seeks) moves its window; one that leaves takes
 * its window with it. Of two windows equally near, the reader that came first goes first. Thread-safe: readers move
 * from their own threads, the transfer loop reads {@link #positions()} on every pick without taking a lock.
 */
final class Readers {
    private final Map<Object, Long> at = new LinkedHashMap<>();
    private volatile long[] positions = new long[0];

    /** Puts {@code reader} at {@code offset} (at least 0); true if that moved it. */
    synchronized boolean move(Object reader, long offset) {
        long position = Math.max(0, offset);
        Long before = at.put(reader, position);
        if (before != null && before == position) {
            return false;
        }
        publish();
        return true;
    }

    /** Forgets {@code reader}. */
    synchronized void leave(Object reader) {
        if (at.remove(reader) != null) {
            publish();
        }
    }

    /** Where every reader is, in no particular order; empty when nobody reads. Never to be changed. */
    long[] positions() {
        return positions;
    }

    private void publish() {
        long[] next = new long[at.size()];
        int i = 0;
        for (long offset : at.values()) {
            next[i++] = offset;
        }
        positions = next;
    }
}
