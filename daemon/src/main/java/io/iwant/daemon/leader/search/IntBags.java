package io.iwant.daemon.leader.search;

/**
 * Sets of non-negative ints kept in a bare {@code int[]} (no wrapper object: the network index holds millions of
 * them). Slot 0 holds the size. Up to {@value #DENSE_MAX} elements the set is a dense unordered array in slots
 * 1..size, exactly as long as it needs (most words of the vocabulary are in a few names); beyond, the slots after 0
 * form an open-addressing table (linear probing, -1 = empty, any number of slots from {@value #FIRST_TABLE}, mapped
 * by multiplying, between 1/4 and 3/4 full, grown by half) so that add and remove stay O(1) even for a word held by
 * half a million names, at about 6.5 bytes a member instead of 9 in power-of-two tables at most 5/8 full.
 *
 * <p>Every mutator returns the array to keep (it may be a new one). Iterate with
 * {@code for (int i = 1, end = IntBags.end(bag); i < end; i++) { int v = bag[i]; if (v < 0) continue; ... }}.
 */
final class IntBags {
    static final int[] EMPTY = {0};
    private static final int DENSE_MAX = 16;
    private static final int FIRST_TABLE = 32;

    private IntBags() {
    }

    static int size(int[] bag) {
        return bag[0];
    }

    /** One past the last slot to visit when iterating; skip negative values. */
    static int end(int[] bag) {
        return isDense(bag) ? bag[0] + 1 : bag.length;
    }

    static boolean contains(int[] bag, int value) {
        if (isDense(bag)) {
            for (int i = 1, n = bag[0]; i <= n; i++) {
                if (bag[i] == value) {
                    return true;
                }
            }
            return false;
        }
        int slots = bag.length - 1;
        for (int i = slot(value, slots); ; i = next(i, slots)) {
            int v = bag[i + 1];
            if (v == value) {
                return true;
            }
            if (v < 0) {
                return false;
            }
        }
    }

    /** Adds {@code value} (>= 0) if absent. */
    static int[] add(int[] bag, int value) {
        if (value < 0) {
            throw new IllegalArgumentException("negative value " + value);
        }
        int size = bag[0];
        if (isDense(bag)) {
            if (contains(bag, value)) {
                return bag;
            }
            if (size + 1 < bag.length) {
                bag[size + 1] = value;
                bag[0] = size + 1;
                return bag;
            }
            if (size < DENSE_MAX) {
                int[] grown = new int[size + 2];
                System.arraycopy(bag, 0, grown, 0, size + 1);
                grown[size + 1] = value;
                grown[0] = size + 1;
                return grown;
            }
            int[] table = rehash(bag, FIRST_TABLE);
            insert(table, value);
            return table;
        }
        int slots = bag.length - 1;
        int i = slot(value, slots);
        while (bag[i + 1] >= 0) {
            if (bag[i + 1] == value) {
                return bag;
            }
            i = next(i, slots);
        }
        if ((size + 1) * 4L > slots * 3L) {
            int[] table = rehash(bag, slots + (slots >> 1));
            insert(table, value);
            return table;
        }
        bag[i + 1] = value;
        bag[0] = size + 1;
        return bag;
    }

    /** Removes {@code value} if present; may return a smaller array. */
    static int[] remove(int[] bag, int value) {
        int size = bag[0];
        if (isDense(bag)) {
            for (int i = 1; i <= size; i++) {
                if (bag[i] == value) {
                    bag[i] = bag[size];
                    bag[0] = size - 1;
                    return size == 1 ? EMPTY : bag;
                }
            }
            return bag;
        }
        int slots = bag.length - 1;
        int i = slot(value, slots);
        while (bag[i + 1] != value) {
            if (bag[i + 1] < 0) {
                return bag;
            }
            i = next(i, slots);
        }
        // Backward-shift deletion: pull later members of the probe run into the hole so no tombstones are needed.
        int hole = i;
        for (int j = next(hole, slots); bag[j + 1] >= 0; j = next(j, slots)) {
            int home = slot(bag[j + 1], slots);
            boolean movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
            if (movable) {
                bag[hole + 1] = bag[j + 1];
                hole = j;
            }
        }
        bag[hole + 1] = -1;
        bag[0] = size - 1;
        if (size - 1 <= DENSE_MAX / 2) {
            return toDense(bag);
        }
        if (slots > FIRST_TABLE && (size - 1) * 4L < slots) {
            return rehash(bag, Math.max(FIRST_TABLE, (size - 1) * 2));
        }
        return bag;
    }

    private static boolean isDense(int[] bag) {
        return bag.length <= DENSE_MAX + 1;
    }

    /** The home slot of {@code value} among {@code slots}: the high bits of a Fibonacci hash, scaled. */
    private static int slot(int value, int slots) {
        return (int) (((value * 0x9E3779B9) & 0xFFFF_FFFFL) * slots >>> 32);
    }

    private static int next(int i, int slots) {
        return i + 1 == slots ? 0 : i + 1;
    }

    private static void insert(int[] table, int value) {
        int slots = table.length - 1;
        int i = slot(value, slots);
        while (table[i + 1] >= 0) {
            i = next(i, slots);
        }
        table[i + 1] = value;
        table[0]++;
    }

    private static int[] rehash(int[] bag, int slots) {
        int[] table = new int[slots + 1];
        java.util.Arrays.fill(table, 1, table.length, -1);
        for (int i = 1, end = end(bag); i < end; i++) {
            if (bag[i] >= 0) {
                insert(table, bag[i]);
            }
        }
        return table;
    }

    private static int[] toDense(int[] bag) {
        int size = bag[0];
        if (size == 0) {
            return EMPTY;
        }
        int[] dense = new int[1 + size];
        int n = 0;
        for (int i = 1; i < bag.length; i++) {
            if (bag[i] >= 0) {
                dense[++n] = bag[i];
            }
        }
        dense[0] = n;
        return dense;
    }
}
