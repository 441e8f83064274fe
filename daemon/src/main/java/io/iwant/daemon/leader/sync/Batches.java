package io.iwant.daemon.leader.sync;

import io.iwant.protocol.index.IndexEntry;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * Cuts what a peer sends the leader into runs small enough for one request frame, by a byte estimate that never
 * falls short of the codec's encoding (strings are their UTF-8 bytes and a length; the overheads below were measured
 * with the largest numbers and rounded up). Pure.
 */
final class Batches {
    /** What an entry adds to a message beyond its path's UTF-8 bytes: hash, size, flag, lengths and type ids. */
    static final int ENTRY_OVERHEAD = 96;
    /** What a removed path adds beyond its UTF-8 bytes. */
    static final int PATH_OVERHEAD = 8;
    /** What a snapshot part or delta costs beyond its peer id, endpoint and lists: type ids, versions, numbers. */
    static final int MESSAGE_OVERHEAD = 64;

    private Batches() {
    }

    /** The UTF-8 length of {@code text}, or more (a lone surrogate counts 2, its encoding 1). */
    static int utf8Length(String text) {
        int bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            bytes += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
        }
        return bytes;
    }

    static int entryBytes(IndexEntry entry) {
        return utf8Length(entry.path()) + ENTRY_OVERHEAD;
    }

    static int pathBytes(String path) {
        return utf8Length(path) + PATH_OVERHEAD;
    }

    /**
     * Consecutive runs of {@code items}, each of at most {@code maxCount} items whose {@code bytes} add up to at most
     * {@code budget} (an item larger than the budget alone makes a run of its own); no run is empty, and no items
     * give no run.
     */
    static <T> List<List<T>> cut(List<T> items, ToIntFunction<T> bytes, long budget, int maxCount) {
        List<List<T>> runs = new ArrayList<>();
        int from = 0;
        long size = 0;
        for (int i = 0; i < items.size(); i++) {
            long item = bytes.applyAsInt(items.get(i));
            if (i > from && (size + item > budget || i - from == maxCount)) {
                runs.add(items.subList(from, i));
                from = i;
                size = 0;
            }
            size += item;
        }
        if (from < items.size()) {
            runs.add(items.subList(from, items.size()));
        }
        return runs;
    }
}
