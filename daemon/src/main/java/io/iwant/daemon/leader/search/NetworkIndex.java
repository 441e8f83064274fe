package io.iwant.daemon.leader.search;

import io.iwant.protocol.hash.HashPrefix;

import io.iwant.protocol.index.IndexEntry;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's index of every peer's shared files and folders: fuzzy search by name ({@link #search}) and lookup
 * by content hash or prefix ({@link #lookup}), fed by the index sync with snapshots ({@link #replacePeer},
 * {@link #beginSnapshot}) and deltas ({@link #apply}).
 *
 * <p>Threading: one writer thread applies sync messages while many reader threads search. A fair read-write lock
 * guards the state. Writers hold the write lock for at most {@value #BATCH} entries at a time and let waiting
 * searches in between, so a million-entry snapshot or a large peer leaving never stalls searches for more than a
 * few milliseconds; in exchange a search may see a snapshot or a peer removal half applied (as if it ran a moment
 * earlier or later for part of that peer's files). Write operations are additionally serialized with each other,
 * so calls from several threads are safe too, but then their relative order is theirs to arrange.
 *
 * <p>Memory: entries live in parallel arrays, hashes as four longs, folder paths and words interned once, postings
 * in bare int arrays: about 225 bytes per entry all included (names 38 of them, as UTF-8 in a
 * {@code NameText}), 105 MB for 24 peers of 20,000 real-looking names ({@code scripts/bench index-memory}). Each
 * peer holds at most {@link #DEFAULT_MAX_ENTRIES_PER_PEER} entries unless configured otherwise, so one peer cannot
 * exhaust the leader's memory.
 */
public final class NetworkIndex {
    /** Entries applied per write-lock hold. */
    static final int BATCH = 2048;
    /** What one peer may hold by default: well above a real share, far below what would exhaust the leader. */
    static final int DEFAULT_MAX_ENTRIES_PER_PEER = 4_000_000;

    private static final Logger log = LoggerFactory.getLogger(NetworkIndex.class);

    private final int maxEntriesPerPeer;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock(true);
    private final ReentrantLock writer = new ReentrantLock();
    private final SearchEngine engine = new SearchEngine();
    private IndexState state = new IndexState();
    private int generations;

    public NetworkIndex() {
        this(DEFAULT_MAX_ENTRIES_PER_PEER);
    }

    /** An index that keeps at most {@code maxEntriesPerPeer} entries of any one peer (new paths beyond are refused). */
    public NetworkIndex(int maxEntriesPerPeer) {
        if (maxEntriesPerPeer < 1) {
            throw new IllegalArgumentException("maxEntriesPerPeer must be positive, got " + maxEntriesPerPeer);
        }
        this.maxEntriesPerPeer = maxEntriesPerPeer;
    }

    /**
     * Replaces everything known of a peer with a full snapshot: paths not in {@code all} leave the index, a path
     * given twice keeps the last. The peer is created if new; its endpoint is updated.
     */
    public void replacePeer(String peerId, String endpoint, Collection<IndexEntry> all) {
        writer.lock();
        try {
            Snapshot snapshot = beginSnapshot(peerId, endpoint);
            snapshot.add(all);
            snapshot.commit();
        } finally {
            writer.unlock();
        }
    }

    /**
     * Starts receiving a peer's snapshot in pieces: {@link Snapshot#add} each piece as it arrives, then
     * {@link Snapshot#commit} to drop the peer's entries the snapshot did not mention. Until the commit, the
     * peer's old entries stay searchable. A snapshot is abandoned by simply not committing it (or by
     * {@link #removePeer}); a later snapshot of the same peer supersedes it.
     */
    public Snapshot beginSnapshot(String peerId, String endpoint) {
        requirePeerId(peerId);
        return write(() -> {
            IndexState.Peer peer = state.peer(peerId);
            if (peer == null) {
                peer = state.addPeer(peerId, endpoint);
            }
            peer.endpoint = endpoint;
            peer.generation = ++generations;
            return new Snapshot(peerId, peer.generation);
        });
    }

    /**
     * Applies a delta from a known peer: removes {@code removedPaths} (unknown paths are ignored), then adds
     * {@code upserts}, each replacing the entry at the same path. Returns false, changing nothing, if the peer is
     * unknown: the caller should ask it for a snapshot.
     */
    public boolean apply(String peerId, List<IndexEntry> upserts, List<String> removedPaths) {
        writer.lock();
        try {
            if (read(() -> state.peer(peerId)) == null) {
                return false;
            }
            for (int from = 0; from < removedPaths.size(); from += BATCH) {
                List<String> batch = removedPaths.subList(from, Math.min(removedPaths.size(), from + BATCH));
                write(() -> {
                    IndexState.Peer peer = state.peer(peerId);
                    batch.forEach(path -> state.remove(peer, path));
                    return null;
                });
            }
            upsertAll(peerId, upserts, -1);
            return true;
        } finally {
            writer.unlock();
        }
    }

    /** Removes a peer and all its entries; returns false if it was unknown. */
    public boolean removePeer(String peerId) {
        writer.lock();
        try {
            IndexState.Peer peer = read(() -> state.peer(peerId));
            if (peer == null) {
                return false;
            }
            removeEntries(peer, read(peer.paths::entryIds));
            write(() -> {
                state.dropPeer(peer);
                return null;
            });
            return true;
        } finally {
            writer.unlock();
        }
    }

    /** Forgets every peer (e.g. this daemon stopped leading). */
    public void clear() {
        writer.lock();
        try {
            write(() -> {
                state = new IndexState();
                engine.trim();
                return null;
            });
        } finally {
            writer.unlock();
        }
    }

    /**
     * The best {@code limit} hits for a fuzzy {@code query} (typos, missing letters, word order, case and accents
     * do not matter), grouped by content hash, best first; equal scores are ordered by name, then hash. A blank
     * query, or one without a word of at least two letters or digits, finds nothing. {@code limit} is capped at
     * {@value SearchEngine#MAX_LIMIT}.
     *
     * @throws IllegalArgumentException if {@code limit < 1}
     */
    public List<SearchHit> search(String query, int limit) {
        return read(() -> engine.search(state, query, limit));
    }

    /**
     * Looks up content by what the user typed: a full hash or a unique prefix of at least
     * {@value HashPrefix#MIN_DIGITS} hex digits, any case.
     *
     * @throws io.iwant.protocol.UserError (usage) with one sentence if the text is not such a prefix
     */
    public Lookup lookup(String hashOrPrefix) {
        return lookup(HashPrefix.parse(hashOrPrefix));
    }

    private Lookup lookup(HashPrefix prefix) {
        return read(() -> {
            int[] ids;
            if (prefix.isFull()) {
                int id = state.hashes.find(prefix.hex());
                ids = id < 0 ? new int[0] : new int[] {id};
            } else {
                ids = state.hashes.withPrefix(prefix.hex(), Integer.MAX_VALUE);
            }
            if (ids.length == 0) {
                return new Lookup.NotFound(prefix.hex());
            }
            if (ids.length == 1) {
                return found(ids[0]);
            }
            List<Lookup.Candidate> candidates = new ArrayList<>();
            for (int id : ids) {
                int e = representative(id);
                candidates.add(new Lookup.Candidate(state.hashes.hex(id), state.entries.name(e),
                        state.entries.size[e], state.entries.isDir(e)));
            }
            candidates.sort(Comparator.comparing(Lookup.Candidate::hash));
            int shown = Math.min(Lookup.MAX_CANDIDATES, candidates.size());
            return new Lookup.Ambiguous(prefix.hex(), candidates.subList(0, shown), candidates.size() > shown);
        });
    }

    int peerCount() {
        return read(() -> state.peerCount());
    }

    public int entryCount() {
        return read(() -> state.entries.size());
    }

    /** Entries held by one peer (0 if unknown). */
    int entryCount(String peerId) {
        return read(() -> {
            IndexState.Peer peer = state.peer(peerId);
            return peer == null ? 0 : peer.paths.size();
        });
    }

    /** Distinct content hashes. */
    public int hashCount() {
        return read(() -> state.hashes.size());
    }

    /** Distinct words in names and folder paths. */
    public int wordCount() {
        return read(() -> state.words.size());
    }

    Optional<String> endpoint(String peerId) {
        return read(() -> {
            IndexState.Peer peer = state.peer(peerId);
            return peer == null ? Optional.empty() : Optional.ofNullable(peer.endpoint);
        });
    }

    /** The id of every peer the index holds entries for (or an empty snapshot of). */
    public List<String> peerIds() {
        return read(() -> {
            List<String> out = new ArrayList<>();
            state.peers().forEach(p -> out.add(p.id));
            return out;
        });
    }

    /** Every known peer with its endpoint, sorted by peer id. */
    List<PeerEndpoint> peers() {
        return read(() -> {
            List<PeerEndpoint> out = new ArrayList<>();
            state.peers().forEach(p -> out.add(new PeerEndpoint(p.id, p.endpoint)));
            out.sort(Comparator.comparing(PeerEndpoint::peerId));
            return out;
        });
    }

    /** A peer's snapshot being received in pieces; see {@link #beginSnapshot}. Use from the writer thread. */
    public final class Snapshot {
        private final String peerId;
        private final int generation;

        private Snapshot(String peerId, int generation) {
            this.peerId = peerId;
            this.generation = generation;
        }

        /** Adds or replaces these entries of the peer. */
        public void add(Collection<IndexEntry> piece) {
            writer.lock();
            try {
                upsertAll(peerId, piece, generation);
            } finally {
                writer.unlock();
            }
        }

        /** Drops the peer's entries that this snapshot did not mention; returns how many. */
        public int commit() {
            writer.lock();
            try {
                IndexState.Peer peer = current(peerId, generation);
                int[] stale = read(() -> {
                    int[] ids = peer.paths.entryIds();
                    int n = 0;
                    for (int e : ids) {
                        if (state.entries.generation[e] != generation) {
                            ids[n++] = e;
                        }
                    }
                    return java.util.Arrays.copyOf(ids, n);
                });
                removeEntries(peer, stale);
                return stale.length;
            } finally {
                writer.unlock();
            }
        }
    }

    private void upsertAll(String peerId, Collection<IndexEntry> entries, int generation) {
        List<IndexEntry> list = entries instanceof List<IndexEntry> l ? l : new ArrayList<>(entries);
        int refused = 0;
        for (int from = 0; from < list.size() || from == 0; from += BATCH) {
            List<IndexEntry> batch = list.subList(from, Math.min(list.size(), from + BATCH));
            refused += write(() -> {
                IndexState.Peer peer = generation < 0 ? state.peer(peerId) : current(peerId, generation);
                int n = 0;
                for (IndexEntry e : batch) {
                    n += state.upsert(peer, e, maxEntriesPerPeer) ? 0 : 1;
                }
                return n;
            });
        }
        if (refused > 0) {
            log.warn("Peer {} shares more than {} entries; {} new ones were left out of the network index",
                    peerId, maxEntriesPerPeer, refused);
        }
    }

    private void removeEntries(IndexState.Peer peer, int[] ids) {
        for (int from = 0; from < ids.length; from += BATCH) {
            int start = from;
            write(() -> {
                for (int i = start; i < Math.min(ids.length, start + BATCH); i++) {
                    state.removeEntry(ids[i]);
                }
                return null;
            });
        }
    }

    /** The peer a snapshot is for, if that snapshot is still the peer's latest. */
    private IndexState.Peer current(String peerId, int generation) {
        IndexState.Peer peer = state.peer(peerId);
        if (peer == null || peer.generation != generation) {
            throw new IllegalStateException("the snapshot of peer " + peerId + " was superseded or cancelled");
        }
        return peer;
    }

    private Lookup.Found found(int hash) {
        int e = representative(hash);
        Map<String, PeerEndpoint> holders = new TreeMap<>();
        for (int h = state.hashes.first(hash); h >= 0; h = state.entries.hashNext[h]) {
            IndexState.Peer peer = state.peerAt(state.entries.peer[h]);
            holders.putIfAbsent(peer.id, new PeerEndpoint(peer.id, peer.endpoint));
        }
        return new Lookup.Found(state.hashes.hex(hash), state.entries.name(e), state.entries.size[e],
                state.entries.isDir(e), new ArrayList<>(holders.values()));
    }

    /** The entry whose name most holders of the hash use (ties: the smallest name). */
    private int representative(int hash) {
        Map<String, Integer> votes = new HashMap<>();
        int best = -1;
        String bestName = null;
        for (int e = state.hashes.first(hash); e >= 0; e = state.entries.hashNext[e]) {
            String name = state.entries.name(e);
            int n = votes.merge(name, 1, Integer::sum);
            int bestVotes = bestName == null ? 0 : votes.get(bestName);
            if (bestName == null || n > bestVotes || (n == bestVotes && name.compareTo(bestName) < 0)) {
                best = e;
                bestName = name;
            }
        }
        return best;
    }

    private static void requirePeerId(String peerId) {
        if (peerId == null || peerId.isEmpty()) {
            throw new IllegalArgumentException("peer id is empty");
        }
    }

    private <T> T read(Supplier<T> body) {
        lock.readLock().lock();
        try {
            return body.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    private <T> T write(Supplier<T> body) {
        lock.writeLock().lock();
        try {
            return body.get();
        } finally {
            lock.writeLock().unlock();
        }
    }
}
