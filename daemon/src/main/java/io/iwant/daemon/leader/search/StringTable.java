package io.iwant.daemon.leader.search;

import java.util.Arrays;

/**
 * Interns strings to dense int ids with a reference count; an id is freed (and later reused) when its count drops
 * to zero. Not thread-safe: the network index guards it. An {@link InternTable} of ids costs 8 bytes per string on
 * top of the strings themselves, far less than a {@code HashMap<String, Integer>}.
 */
final class StringTable {
    private final long seed = Hashing.newSeed();
    private String[] values = new String[16];
    private final InternTable ids = new InternTable(id -> hash(values[id]));

    int size() {
        return ids.size();
    }

    /** Ids are below this bound. */
    int capacity() {
        return ids.bound();
    }

    String get(int id) {
        return values[id];
    }

    int refs(int id) {
        return ids.refs(id);
    }

    /** The id of {@code s}, or -1. */
    int find(String s) {
        return find(s, hash(s));
    }

    /** Interns {@code s} if needed and counts one more reference to it. */
    int acquire(String s) {
        long hash = hash(s);
        int id = find(s, hash);
        if (id < 0) {
            id = ids.add(hash);
            if (id >= values.length) {
                values = Arrays.copyOf(values, FreeIds.grown(values.length));
            }
            values[id] = s;
        }
        ids.retain(id);
        return id;
    }

    /** Drops one reference; returns true when that was the last and the id is now free. */
    boolean release(int id) {
        if (!ids.release(id)) {
            return false;
        }
        values[id] = null;
        return true;
    }

    private int find(String s, long hash) {
        for (int i = ids.start(hash); ; i = ids.next(i)) {
            int id = ids.id(i);
            if (id < 0 || values[id].equals(s)) {
                return id;
            }
        }
    }

    private long hash(String s) {
        return Hashing.hash(s, seed);
    }
}
