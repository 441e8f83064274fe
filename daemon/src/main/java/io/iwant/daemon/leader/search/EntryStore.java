package io.iwant.daemon.leader.search;

import java.util.Arrays;

/**
 * The network index's entries as parallel arrays indexed by an entry id (39 bytes per entry, and its name as
 * UTF-8 in a {@link NameText}), instead of one object per entry. Ids of removed entries are reused. Entries
 * holding the same content hash are chained in a doubly linked list ({@link #hashNext}, {@link #hashPrev}) that
 * starts at {@link HashStore#first}. Not thread-safe: the network index guards it.
 */
final class EntryStore {
    static final byte DIR = 1;
    static final byte LIVE = 2;

    /** Where the entry's name starts in {@link #names}; -1 for a free id. */
    int[] nameAt = new int[0];
    int[] dir = new int[0];
    long[] size = new long[0];
    int[] hash = new int[0];
    int[] peer = new int[0];
    int[] generation = new int[0];
    /** The name's length as ranked ({@link Words.Analysis#length}), at most 0xFFFF: the ranking reads no more. */
    char[] length = new char[0];
    int[] hashNext = new int[0];
    int[] hashPrev = new int[0];
    byte[] flags = new byte[0];

    private final FreeIds ids = new FreeIds();
    private final NameText names = new NameText(new NameText.Offsets() {
        @Override
        public int bound() {
            return ids.bound();
        }

        @Override
        public boolean live(int id) {
            return nameAt[id] >= 0;
        }

        @Override
        public int offset(int id) {
            return nameAt[id];
        }

        @Override
        public void move(int id, int offset) {
            nameAt[id] = offset;
        }
    });

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

    /** A new entry named {@code name}; the caller fills in the rest. */
    int alloc(String name) {
        int e = ids.take();
        if (e >= nameAt.length) {
            grow(FreeIds.grown(nameAt.length));
        }
        nameAt[e] = -1; // not live while the text may compact to make room for its name
        nameAt[e] = names.add(name);
        flags[e] = LIVE;
        return e;
    }

    void free(int e) {
        names.free(nameAt[e]);
        nameAt[e] = -1;
        flags[e] = 0;
        ids.give(e);
    }

    String name(int e) {
        return names.get(nameAt[e]);
    }

    /** Whether entry {@code e} is named {@code utf8} (the name's UTF-8 bytes). */
    boolean nameIs(int e, byte[] utf8) {
        return names.is(nameAt[e], utf8);
    }

    private void grow(int capacity) {
        nameAt = Arrays.copyOf(nameAt, capacity);
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
