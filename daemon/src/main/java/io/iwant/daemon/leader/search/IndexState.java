package io.iwant.daemon.leader.search;

import io.iwant.protocol.index.IndexEntry;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The mutable core of the network index: entries, content hashes, folders, vocabulary and peers, kept consistent
 * with each other. Not thread-safe: {@link NetworkIndex} calls the mutators under its write lock and the readers
 * ({@link SearchEngine}, lookups) under its read lock.
 *
 * <p>A path is split into its folder (interned, shared by every entry in it on every peer, indexed by the words of
 * the whole folder path) and its name (indexed by its own words). Entries with the same content hash are chained.
 */
final class IndexState {
    /** One peer's slice of the index. */
    static final class Peer {
        final String id;
        final int index;
        final PathMap paths;
        String endpoint;
        /** Entries stamped with another generation are left over from before the snapshot being received. */
        int generation;

        Peer(String id, int index, String endpoint, EntryStore entries) {
            this.id = id;
            this.index = index;
            this.endpoint = endpoint;
            this.paths = new PathMap(entries);
        }
    }

    final EntryStore entries = new EntryStore();
    final HashStore hashes = new HashStore();
    final StringTable dirs = new StringTable();
    final WordIndex words = new WordIndex();
    private int[][] dirEntries = new int[16][];
    private final Map<String, Peer> peers = new HashMap<>();
    private Peer[] peerByIndex = new Peer[8];

    Peer peer(String id) {
        return peers.get(id);
    }

    Peer peerAt(int index) {
        return peerByIndex[index];
    }

    Iterable<Peer> peers() {
        return peers.values();
    }

    int peerCount() {
        return peers.size();
    }

    int[] entriesIn(int dir) {
        return dirEntries[dir];
    }

    Peer addPeer(String id, String endpoint) {
        int index = 0;
        while (index < peerByIndex.length && peerByIndex[index] != null) {
            index++;
        }
        if (index == peerByIndex.length) {
            peerByIndex = Arrays.copyOf(peerByIndex, index * 2);
        }
        Peer peer = new Peer(id, index, endpoint, entries);
        peerByIndex[index] = peer;
        peers.put(id, peer);
        return peer;
    }

    /** Forgets a peer whose entries are all removed already. */
    void dropPeer(Peer peer) {
        if (peer.paths.size() != 0) {
            throw new IllegalStateException("peer " + peer.id + " still holds " + peer.paths.size() + " entries");
        }
        peers.remove(peer.id);
        peerByIndex[peer.index] = null;
    }

    /**
     * Adds or replaces the entry at {@code e}'s path; an identical entry is only stamped with the generation. A new
     * path is refused (false) when the peer already holds {@code maxEntries}.
     */
    boolean upsert(Peer peer, IndexEntry e, int maxEntries) {
        String path = e.path();
        int slash = path.lastIndexOf('/');
        String dirPath = slash < 0 ? "" : path.substring(0, slash);
        String name = slash < 0 ? path : path.substring(slash + 1);
        int dir = dirs.find(dirPath);
        if (dir >= 0) {
            int old = peer.paths.find(dir, name);
            if (old >= 0) {
                if (entries.size[old] == e.size() && entries.isDir(old) == e.dir()
                        && entries.hash[old] == hashes.find(e.hash())) {
                    entries.generation[old] = peer.generation;
                    return true;
                }
                removeEntry(old);
            }
        }
        if (peer.paths.size() >= maxEntries) {
            return false;
        }
        addEntry(peer, dirPath, name, e);
        return true;
    }

    /** Removes the entry at {@code path} if the peer has one; returns whether it did. */
    boolean remove(Peer peer, String path) {
        int slash = path.lastIndexOf('/');
        int dir = dirs.find(slash < 0 ? "" : path.substring(0, slash));
        if (dir < 0) {
            return false;
        }
        int e = peer.paths.find(dir, slash < 0 ? path : path.substring(slash + 1));
        if (e < 0) {
            return false;
        }
        removeEntry(e);
        return true;
    }

    void removeEntry(int e) {
        Peer peer = peerByIndex[entries.peer[e]];
        peer.paths.remove(e);
        String name = entries.name(e);
        words.removeEntry(e, Words.analyze(name).indexWords());

        int h = entries.hash[e];
        int prev = entries.hashPrev[e];
        int next = entries.hashNext[e];
        if (prev >= 0) {
            entries.hashNext[prev] = next;
        } else {
            hashes.setFirst(h, next);
        }
        if (next >= 0) {
            entries.hashPrev[next] = prev;
        }
        hashes.release(h);

        int dir = entries.dir[e];
        dirEntries[dir] = IntBags.remove(dirEntries[dir], e);
        String dirPath = dirs.get(dir);
        if (dirs.release(dir)) {
            words.removeDir(dir, Words.analyze(dirPath).indexWords());
            dirEntries[dir] = null;
        }
        entries.free(e);
    }

    private void addEntry(Peer peer, String dirPath, String name, IndexEntry entry) {
        int dir = dirs.acquire(dirPath);
        if (dirs.refs(dir) == 1) {
            if (dir >= dirEntries.length) {
                dirEntries = Arrays.copyOf(dirEntries, FreeIds.grown(dirEntries.length));
            }
            dirEntries[dir] = IntBags.EMPTY;
            words.addDir(dir, Words.analyze(dirPath).indexWords());
        }
        int e = entries.alloc(name);
        entries.dir[e] = dir;
        entries.size[e] = entry.size();
        entries.peer[e] = peer.index;
        entries.generation[e] = peer.generation;
        if (entry.dir()) {
            entries.flags[e] |= EntryStore.DIR;
        }
        dirEntries[dir] = IntBags.add(dirEntries[dir], e);

        int h = hashes.acquire(entry.hash());
        int first = hashes.first(h);
        entries.hash[e] = h;
        entries.hashPrev[e] = -1;
        entries.hashNext[e] = first;
        if (first >= 0) {
            entries.hashPrev[first] = e;
        }
        hashes.setFirst(h, e);

        Words.Analysis analysis = Words.analyze(name);
        entries.length[e] = (char) Math.min(analysis.length(), 0xFFFF);
        words.addEntry(e, analysis.indexWords());
        peer.paths.put(e, name);
    }

    /** The full path of an entry, as its peer shares it. */
    String path(int e) {
        String dir = dirs.get(entries.dir[e]);
        return dir.isEmpty() ? entries.name(e) : dir + "/" + entries.name(e);
    }
}
