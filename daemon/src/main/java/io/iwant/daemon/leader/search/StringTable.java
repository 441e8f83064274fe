package io.iwant.daemon.leader.search;

import java.util.Arrays;

/**
 * Interns strings to dense int ids with a reference count; an id is freed (and later reused) when its count drops
 * to zero. Not thread-safe: the network index guards it. One open-addressing table of ids (-1 = empty) costs
 * 8 bytes per string on top of the strings themselves, far less than a {@code HashMap<String, Integer>}.
 */
final class StringTable {
    private final long seed = Hashing.newSeed();
    private String[] values = new String[16];
    private int[] refs = new int[16];
    private int[] slots = filled(32);
    private int[] free = new int[16];
    private int freeCount;
    private int next;
    private int size;

    int size() {
        return size;
    }

    /** Ids are below this bound. */
    int capacity() {
        return next;
    }

    String get(int id) {
        return values[id];
    }

    int refs(int id) {
        return refs[id];
    }

    /** The id of {@code s}, or -1. */
    int find(String s) {
        int mask = slots.length - 1;
        for (int i = Hashing.slot(Hashing.hash(s, seed), mask); ; i = (i + 1) & mask) {
            int id = slots[i];
            if (id < 0) {
                return -1;
            }
            if (values[id].equals(s)) {
                return id;
            }
        }
    }

    /** Interns {@code s} if needed and counts one more reference to it. */
    int acquire(String s) {
        int id = find(s);
        if (id < 0) {
            if ((size + 1) * 2 > slots.length) {
                rehash(slots.length * 2);
            }
            id = freeCount > 0 ? free[--freeCount] : next++;
            if (id >= values.length) {
                int capacity = values.length + (values.length >> 1) + 16;
                values = Arrays.copyOf(values, capacity);
                refs = Arrays.copyOf(refs, capacity);
            }
            values[id] = s;
            refs[id] = 0;
            size++;
            place(id);
        }
        refs[id]++;
        return id;
    }

    /** Drops one reference; returns true when that was the last and the id is now free. */
    boolean release(int id) {
        if (--refs[id] > 0) {
            return false;
        }
        int mask = slots.length - 1;
        int i = Hashing.slot(Hashing.hash(values[id], seed), mask);
        while (slots[i] != id) {
            i = (i + 1) & mask;
        }
        int hole = i;
        for (int j = (hole + 1) & mask; slots[j] >= 0; j = (j + 1) & mask) {
            int home = Hashing.slot(Hashing.hash(values[slots[j]], seed), mask);
            boolean movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
            if (movable) {
                slots[hole] = slots[j];
                hole = j;
            }
        }
        slots[hole] = -1;
        values[id] = null;
        size--;
        if (freeCount == free.length) {
            free = Arrays.copyOf(free, free.length * 2);
        }
        free[freeCount++] = id;
        return true;
    }

    private void place(int id) {
        int mask = slots.length - 1;
        int i = Hashing.slot(Hashing.hash(values[id], seed), mask);
        while (slots[i] >= 0) {
            i = (i + 1) & mask;
        }
        slots[i] = id;
    }

    private void rehash(int capacity) {
        slots = filled(capacity);
        for (int id = 0; id < next; id++) {
            if (values[id] != null) {
                place(id);
            }
        }
    }

    private static int[] filled(int n) {
        int[] a = new int[n];
        Arrays.fill(a, -1);
        return a;
    }
}
