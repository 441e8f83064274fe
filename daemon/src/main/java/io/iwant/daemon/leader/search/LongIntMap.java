package io.iwant.daemon.leader.search;

import java.util.Arrays;

/**
 * Long keys to dense int ids, insert-only (the trigram dictionary: a trigram, once seen, keeps its id). Seeded so
 * that crafted names cannot pile trigrams into one probe run. Not thread-safe: the network index guards it.
 */
final class LongIntMap {
    private final long seed = Hashing.newSeed();
    private long[] keys = new long[64];
    private int[] ids = filled(64);
    private int size;

    int size() {
        return size;
    }

    /** The id of {@code key}, or -1. */
    int get(long key) {
        int mask = keys.length - 1;
        for (int i = Hashing.slot(Hashing.mix(key ^ seed), mask); ; i = (i + 1) & mask) {
            if (ids[i] < 0) {
                return -1;
            }
            if (keys[i] == key) {
                return ids[i];
            }
        }
    }

    /** The id of {@code key}, giving it the next id ({@link #size()} before the call) if it is new. */
    int intern(long key) {
        int id = get(key);
        if (id >= 0) {
            return id;
        }
        if ((size + 1) * 2 > keys.length) {
            long[] oldKeys = keys;
            int[] oldIds = ids;
            keys = new long[oldKeys.length * 2];
            ids = filled(oldKeys.length * 2);
            for (int i = 0; i < oldKeys.length; i++) {
                if (oldIds[i] >= 0) {
                    place(oldKeys[i], oldIds[i]);
                }
            }
        }
        place(key, size);
        return size++;
    }

    private void place(long key, int id) {
        int mask = keys.length - 1;
        int i = Hashing.slot(Hashing.mix(key ^ seed), mask);
        while (ids[i] >= 0) {
            i = (i + 1) & mask;
        }
        keys[i] = key;
        ids[i] = id;
    }

    private static int[] filled(int n) {
        int[] a = new int[n];
        Arrays.fill(a, -1);
        return a;
    }
}
