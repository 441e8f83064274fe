package io.iwant.daemon.leader.search;

import java.nio.charset.StandardCharsets;

/**
 * One peer's entries by path, where a path is (folder id, name): an {@link IdTable} of entry ids that reads the
 * keys from the {@link EntryStore}, 8 bytes per entry instead of a map holding every full path string.
 * Not thread-safe: the network index guards it.
 */
final class PathMap {
    private final EntryStore entries;
    private final long seed = Hashing.newSeed();
    private final IdTable table;

    PathMap(EntryStore entries) {
        this.entries = entries;
        this.table = new IdTable(e -> hash(entries.dir[e], entries.name(e)), 16);
    }

    int size() {
        return table.size();
    }

    /** The entry at (dir, name), or -1. */
    int find(int dir, String name) {
        byte[] utf8 = null;
        for (int i = table.start(hash(dir, name)); ; i = table.next(i)) {
            int e = table.id(i);
            if (e < 0) {
                return e;
            }
            if (entries.dir[e] == dir) {
                utf8 = utf8 == null ? name.getBytes(StandardCharsets.UTF_8) : utf8;
                if (entries.nameIs(e, utf8)) {
                    return e;
                }
            }
        }
    }

    /** Adds entry {@code e}, named {@code name}, whose (dir, name) is not in the map yet. */
    void put(int e, String name) {
        table.add(e, hash(entries.dir[e], name));
    }

    void remove(int e) {
        table.remove(e);
    }

    /** A copy of the entry ids, safe to hold while the map changes. */
    int[] entryIds() {
        return table.ids();
    }

    private long hash(int dir, String name) {
        return Hashing.mix(Hashing.hash(name, seed) ^ dir * 0x9E3779B97F4A7C15L);
    }
}
