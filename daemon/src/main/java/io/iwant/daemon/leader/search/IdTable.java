package io.iwant.daemon.leader.search;

import java.util.Arrays;

/**
 * The open-addressing table behind the index's stores: a set of int ids whose keys live with the store that owns
 * the ids, so a slot costs 4 bytes (5.3 to 8 per id, the table kept between half and three quarters full as it
 * grows, and shrunk when under an eighth) instead of a map's boxed entry. Linear probing over an array of any
 * length (the hash's high bits scaled to it), -1 marks an empty slot, and removal shifts the run back (no
 * tombstones pile up).
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
    private final int minimum;
    private int[] slots;
    private int size;

    /** @param capacity the first and least number of slots */
    IdTable(Keys keys, int capacity) {
        this.keys = keys;
        this.minimum = capacity;
        this.slots = filled(capacity);
    }

    int size() {
        return size;
    }

    /** The number of slots (memory: 4 bytes each). */
    int capacity() {
        return slots.length;
    }

    /** The first slot to probe for a key with this hash. */
    int start(long hash) {
        return home(hash, slots.length);
    }

    /** The slot to probe after {@code slot}. */
    int next(int slot) {
        return slot + 1 == slots.length ? 0 : slot + 1;
    }

    /** The id in a slot, or -1 if the slot is empty (the key probed for is not in the table). */
    int id(int slot) {
        return slots[slot];
    }

    /** Adds an id that is not in the table yet, whose key hashes to {@code hash}. */
    void add(int id, long hash) {
        if ((size + 1) * 4L > slots.length * 3L) {
            resize(slots.length + (slots.length >> 1));
        }
        place(id, hash);
        size++;
    }

    /** Removes an id; false if it was not in the table. Its key must still hash as it did when added. */
    boolean remove(int id) {
        int i = start(keys.hash(id));
        while (slots[i] != id) {
            if (slots[i] < 0) {
                return false;
            }
            i = next(i);
        }
        int hole = i;
        for (int j = next(hole); slots[j] >= 0; j = next(j)) {
            int home = start(keys.hash(slots[j]));
            boolean movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
            if (movable) {
                slots[hole] = slots[j];
                hole = j;
            }
        }
        slots[hole] = -1;
        size--;
        if (slots.length > minimum && size * 8L < slots.length) {
            resize(Math.max(minimum, size * 2));
        }
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
        int i = start(hash);
        while (slots[i] >= 0) {
            i = next(i);
        }
        slots[i] = id;
    }

    private void resize(int length) {
        int[] old = slots;
        slots = filled(length);
        for (int o : old) {
            if (o >= 0) {
                place(o, keys.hash(o));
            }
        }
    }

    /** The high 32 bits of the hash scaled to {@code length} slots (the low bits pick slots in LongIntMap). */
    private static int home(long hash, int length) {
        return (int) ((hash >>> 32) * length >>> 32);
    }

    private static int[] filled(int n) {
        int[] a = new int[n];
        Arrays.fill(a, -1);
        return a;
    }
}
