package io.iwant.daemon.leader.search;

import java.util.Arrays;

/**
 * The open-addressing table behind the index's stores: a set of int ids whose keys live with the store that owns
 * the ids, so a slot costs 4 bytes (8 per id at most half full) instead of a map's boxed entry. Linear probing over
 * a power-of-two array, -1 marks an empty slot, and removal shifts the run back (no tombstones pile up).
 *
 * <p>The owner probes with its own key comparison: start at {@link #start}, read {@link #id}, stop at -1, go on
 * with {@link #next}. It hashes with its own seed ({@link Hashing}), and gives the table the same hash of any id it
 * holds ({@link Keys}) for growing and removing. Not thread-safe: the network index guards it.
 */
final class IdTable {
    /** The seeded hash of the key an id stands for: the hash the owner probes with. */
    interface Keys {
        long hash(int id);
    }

    private final Keys keys;
    private int[] slots;
    private int size;

    /** @param capacity the first number of slots, a power of two */
    IdTable(Keys keys, int capacity) {
        this.keys = keys;
        this.slots = filled(capacity);
    }

    int size() {
        return size;
    }

    /** The first slot to probe for a key with this hash. */
    int start(long hash) {
        return Hashing.slot(hash, slots.length - 1);
    }

    /** The slot to probe after {@code slot}. */
    int next(int slot) {
        return (slot + 1) & (slots.length - 1);
    }

    /** The id in a slot, or -1 if the slot is empty (the key probed for is not in the table). */
    int id(int slot) {
        return slots[slot];
    }

    /** Adds an id that is not in the table yet, whose key hashes to {@code hash}. */
    void add(int id, long hash) {
        if ((size + 1) * 2 > slots.length) {
            int[] old = slots;
            slots = filled(old.length * 2);
            for (int o : old) {
                if (o >= 0) {
                    place(o, keys.hash(o));
                }
            }
        }
        place(id, hash);
        size++;
    }

    /** Removes an id; false if it was not in the table. Its key must still hash as it did when added. */
    boolean remove(int id) {
        int mask = slots.length - 1;
        int i = Hashing.slot(keys.hash(id), mask);
        while (slots[i] != id) {
            if (slots[i] < 0) {
                return false;
            }
            i = (i + 1) & mask;
        }
        int hole = i;
        for (int j = (hole + 1) & mask; slots[j] >= 0; j = (j + 1) & mask) {
            int home = Hashing.slot(keys.hash(slots[j]), mask);
            boolean movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
            if (movable) {
                slots[hole] = slots[j];
                hole = j;
            }
        }
        slots[hole] = -1;
        size--;
        return true;
    }

    /** A copy of the ids, safe to hold while the table changes. */
    int[] ids() {
        int[] out = new int[size];
        int n = 0;
        for (int id : slots) {
            if (id >= 0) {
                out[n++] = id;
            }
        }
        return out;
    }

    private void place(int id, long hash) {
        int mask = slots.length - 1;
        int i = Hashing.slot(hash, mask);
        while (slots[i] >= 0) {
            i = (i + 1) & mask;
        }
        slots[i] = id;
    }

    private static int[] filled(int n) {
        int[] a = new int[n];
        Arrays.fill(a, -1);
        return a;
    }
}
