package io.iwant.daemon.leader.search;

import java.util.Arrays;

/**
 * Keys interned to dense ids with a reference count each, for {@link StringTable}.
 * The owner keeps the keys in arrays indexed by id and compares them while probing ({@link #start}, {@link #id},
 * {@link #next}, as in {@link IdTable}); this class hands out the ids, counts references and frees an id (for
 * reuse) when its count drops to zero. Not thread-safe: the network index guards it.
 */
final class InternTable {
    private final FreeIds ids = new FreeIds();
    private final IdTable table;
    private int[] refs = new int[16];

    InternTable(IdTable.Keys keys) {
        this.table = new IdTable(keys, 32);
    }

    /** Live ids. */
    int size() {
        return table.size();
    }

    /** Ids are below this bound. */
    int bound() {
        return ids.bound();
    }

    int refs(int id) {
        return refs[id];
    }

    int start(long hash) {
        return table.start(hash);
    }

    int next(int slot) {
        return table.next(slot);
    }

    int id(int slot) {
        return table.id(slot);
    }

    /** A new id, with no references yet, for a key not interned yet that hashes to {@code hash}. */
    int add(long hash) {
        int id = ids.take();
        if (id >= refs.length) {
            refs = Arrays.copyOf(refs, FreeIds.grown(refs.length));
        }
        refs[id] = 0;
        table.add(id, hash);
        return id;
    }

    /** Counts one more reference. */
    void retain(int id) {
        refs[id]++;
    }

    /** Drops one reference; returns true when that was the last and the id is now free (its key may go). */
    boolean release(int id) {
        if (--refs[id] > 0) {
            return false;
        }
        table.remove(id);
        ids.give(id);
        return true;
    }
}
