package io.iwant.daemon.leader.search;

import java.util.Arrays;

/**
 * Content hashes (SHA-256, 64 hex digits) interned to dense ids and kept as four longs each (32 bytes instead of a
 * 64-character string), with the first of the entries holding each (the rest are chained from it in the
 * {@link EntryStore}). A hash is live while it has a first holder: no count is kept, the chain is the count. Not
 * thread-safe: the network index guards it.
 */
final class HashStore {
    private final long seed = Hashing.newSeed();
    private long[] bits = new long[64];
    private int[] first = new int[16];
    private final FreeIds ids = new FreeIds();
    private final IdTable table = new IdTable(id -> hash(bits[id * 4]), 32);

    int size() {
        return table.size();
    }

    /** Ids are below this bound. */
    int capacity() {
        return ids.bound();
    }

    boolean isLive(int id) {
        return first[id] >= 0;
    }

    long word(int id, int k) {
        return bits[id * 4 + k];
    }

    int first(int id) {
        return first[id];
    }

    void setFirst(int id, int entry) {
        first[id] = entry;
    }

    /** The id of a lowercase 64-digit hex hash, or -1. */
    int find(String hex) {
        return find(parse(hex, 0), parse(hex, 1), parse(hex, 2), parse(hex, 3));
    }

    /**
     * Interns the hash if needed; a new hash has no first holder (-1) and the caller must make its entry the first
     * (before it calls {@link #release} or {@link #isLive}).
     */
    int acquire(String hex) {
        long w0 = parse(hex, 0);
        long w1 = parse(hex, 1);
        long w2 = parse(hex, 2);
        long w3 = parse(hex, 3);
        int id = find(w0, w1, w2, w3);
        if (id < 0) {
            id = ids.take();
            if (id >= first.length) {
                int capacity = FreeIds.grown(first.length);
                first = Arrays.copyOf(first, capacity);
                bits = Arrays.copyOf(bits, capacity * 4);
            }
            bits[id * 4] = w0;
            bits[id * 4 + 1] = w1;
            bits[id * 4 + 2] = w2;
            bits[id * 4 + 3] = w3;
            first[id] = -1;
            table.add(id, hash(w0));
        }
        return id;
    }

    /** After a holder left the chain: frees the id if that was the last (no first holder); returns whether it did. */
    boolean release(int id) {
        if (first[id] >= 0) {
            return false;
        }
        table.remove(id);
        ids.give(id);
        return true;
    }

    /** The ids of live hashes starting with the lowercase hex digits {@code hex}, in id order, at most {@code max}. */
    int[] withPrefix(String hex, int max) {
        int words = (hex.length() + 15) / 16;
        long[] want = new long[words];
        int[] shift = new int[words];
        for (int k = 0; k < words; k++) {
            int digits = Math.min(16, hex.length() - k * 16);
            want[k] = Long.parseUnsignedLong(hex.substring(k * 16, k * 16 + digits), 16);
            shift[k] = 64 - 4 * digits;
        }
        int[] out = new int[Math.min(max, 16)];
        int n = 0;
        for (int id = 0, end = capacity(); id < end && n < max; id++) {
            if (!isLive(id)) {
                continue;
            }
            boolean match = true;
            for (int k = 0; k < words && match; k++) {
                match = word(id, k) >>> shift[k] == want[k];
            }
            if (match) {
                if (n == out.length) {
                    out = Arrays.copyOf(out, Math.min(max, n * 2));
                }
                out[n++] = id;
            }
        }
        return Arrays.copyOf(out, n);
    }

    String hex(int id) {
        StringBuilder out = new StringBuilder(64);
        for (int k = 0; k < 4; k++) {
            String part = Long.toHexString(bits[id * 4 + k]);
            out.append("0".repeat(16 - part.length())).append(part);
        }
        return out.toString();
    }

    private int find(long w0, long w1, long w2, long w3) {
        for (int i = table.start(hash(w0)); ; i = table.next(i)) {
            int id = table.id(i);
            if (id < 0) {
                return -1;
            }
            int b = id * 4;
            if (bits[b] == w0 && bits[b + 1] == w1 && bits[b + 2] == w2 && bits[b + 3] == w3) {
                return id;
            }
        }
    }

    /** The hash is spread by its first 64 bits: they are uniform already, the seed keeps crafted ones apart. */
    private long hash(long w0) {
        return Hashing.mix(w0 ^ seed);
    }

    private static long parse(String hex, int word) {
        long v = 0;
        for (int i = word * 16, end = i + 16; i < end; i++) {
            v = v << 4 | Character.digit(hex.charAt(i), 16);
        }
        return v;
    }
}
