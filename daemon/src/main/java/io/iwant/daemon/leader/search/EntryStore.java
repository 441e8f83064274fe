package io.iwant.daemon.leader.search;

import java.util.Arrays;

/**
 * The network index's entries as parallel arrays indexed by an entry id (about 45 bytes per entry plus its name),
 * instead of one object per entry. Ids of removed entries are reused. Entries holding the same content hash are
 * chained in a doubly linked list ({@link #hashNext}, {@link #hashPrev}) that starts at {@link HashStore#first}.
 * Not thread-safe: the network index guards it.
 */
final class EntryStore {
    static final byte DIR = 1;
    static final byte LIVE = 2;

    String[] name = new String[0];
    int[] dir = new int[0];
    long[] size = new long[0];
    int[] hash = new int[0];
    int[] peer = new int[0];
    int[] generation = new int[0];
    int[] length = new int[0];
    int[] hashNext = new int[0];
    int[] hashPrev = new int[0];
    byte[] flags = new byte[0];

    private final FreeIds ids = new FreeIds();

    int size() {
        return ids.live();
    }

    /** Entry ids are below this bound. */
    int capacity() {
        return ids.bound();
    }

    boolean isDir(int e) {
        return (flags[e] & DIR) != 0;
    }

    boolean isLive(int e) {
        return (flags[e] & LIVE) != 0;
    }

    int alloc() {
        int e = ids.take();
        if (e >= name.length) {
            grow(name.length + (name.length >> 1) + 64);
        }
        flags[e] = LIVE;
        return e;
    }

    void free(int e) {
        name[e] = null;
        flags[e] = 0;
        ids.give(e);
    }

    private void grow(int capacity) {
        name = Arrays.copyOf(name, capacity);
        dir = Arrays.copyOf(dir, capacity);
        size = Arrays.copyOf(size, capacity);
        hash = Arrays.copyOf(hash, capacity);
        peer = Arrays.copyOf(peer, capacity);
        generation = Arrays.copyOf(generation, capacity);
        length = Arrays.copyOf(length, capacity);
        hashNext = Arrays.copyOf(hashNext, capacity);
        hashPrev = Arrays.copyOf(hashPrev, capacity);
        flags = Arrays.copyOf(flags, capacity);
    }
}
