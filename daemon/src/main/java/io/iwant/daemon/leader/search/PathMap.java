package io.iwant.daemon.leader.search;

import java.util.Arrays;

/**
 * One peer's entries by path, where a path is (folder id, name): an open-addressing table of entry ids that reads
 * the keys from the {@link EntryStore}, 8 bytes per entry instead of a map holding every full path string.
 * Not thread-safe: the network index guards it.
 */
final class PathMap {
    private final EntryStore entries;
    private final long seed = Hashing.newSeed();
    private int[] slots = filled(16);
    private int size;

    PathMap(EntryStore entries) {
        this.entries = entries;
    }

    int size() {
        return size;
    }

    /** The entry at (dir, name), or -1. */
    int find(int dir, String name) {
        int mask = slots.length - 1;
        for (int i = home(dir, name, mask); ; i = (i + 1) & mask) {
            int e = slots[i];
            if (e < 0) {
                return -1;
            }
            if (entries.dir[e] == dir && entries.name[e].equals(name)) {
                return e;
            }
        }
    }

    /** Adds an entry whose (dir, name) is not in the map yet. */
    void put(int e) {
        if ((size + 1) * 2 > slots.length) {
            int[] old = slots;
            slots = filled(slots.length * 2);
            for (int o : old) {
                if (o >= 0) {
                    place(o);
                }
            }
        }
        place(e);
        size++;
    }

    void remove(int e) {
        int mask = slots.length - 1;
        int i = home(entries.dir[e], entries.name[e], mask);
        while (slots[i] != e) {
            if (slots[i] < 0) {
                return;
            }
            i = (i + 1) & mask;
        }
        int hole = i;
        for (int j = (hole + 1) & mask; slots[j] >= 0; j = (j + 1) & mask) {
            int home = home(entries.dir[slots[j]], entries.name[slots[j]], mask);
            boolean movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
            if (movable) {
                slots[hole] = slots[j];
                hole = j;
            }
        }
        slots[hole] = -1;
        size--;
    }

    /** A copy of the entry ids, safe to hold while the map changes. */
    int[] entryIds() {
        int[] out = new int[size];
        int n = 0;
        for (int e : slots) {
            if (e >= 0) {
                out[n++] = e;
            }
        }
        return out;
    }

    private void place(int e) {
        int mask = slots.length - 1;
        int i = home(entries.dir[e], entries.name[e], mask);
        while (slots[i] >= 0) {
            i = (i + 1) & mask;
        }
        slots[i] = e;
    }

    private int home(int dir, String name, int mask) {
        return Hashing.slot(Hashing.mix(Hashing.hash(name, seed) ^ dir * 0x9E3779B97F4A7C15L), mask);
    }

    private static int[] filled(int n) {
        int[] a = new int[n];
        Arrays.fill(a, -1);
        return a;
    }
}
