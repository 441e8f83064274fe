package io.iwant.protocol.peer;

import io.iwant.protocol.discovery.PeerStamp;
import io.iwant.protocol.hash.ContentHash;
import io.iwant.protocol.hash.FolderManifest;
import io.iwant.protocol.hash.HashPrefix;
import io.iwant.protocol.hash.Hex;
import io.iwant.protocol.index.IndexDelta;
import io.iwant.protocol.index.IndexEntry;
import io.iwant.protocol.wire.Limits;

import java.util.List;

/**
 * Index sync between a peer and the leader, and the questions any peer asks the leader. A peer sends its whole
 * index as a snapshot in bounded parts when it starts following a leader (or is asked to), then its deltas; every
 * couple of seconds a check carries its version, so a leader that restarted, lost a message or does not know the
 * peer asks for a snapshot. When the leader finds nothing or cannot be asked, a peer asks the members themselves
 * about their own shared content ({@link LocalSearch}, {@link LocalLookup}).
 */
public final class Sync {
    /** Entries in one snapshot part, at most: keeps every frame far below the frame limit. */
    public static final int MAX_PART_ENTRIES = 5_000;
    /** Characters of a search query, at most. */
    static final int MAX_QUERY = 1000;

    private Sync() {
    }

    static void requirePeer(String peerId, String endpoint) {
        PeerStamp.checkPeerId(peerId, "peer id");
        Endpoint.check(endpoint);
    }

    static String requireReason(String reason) {
        if (reason == null || reason.isBlank() || reason.length() > Limits.MAX_REASON) {
            throw new IllegalArgumentException("a reason must have 1 to " + Limits.MAX_REASON + " characters");
        }
        return reason;
    }

    static <T> List<T> bounded(List<T> list, int max, String what) {
        List<T> copy = List.copyOf(list);
        if (copy.size() > max) {
            throw new IllegalArgumentException("at most " + max + " " + what + ", not " + copy.size());
        }
        return copy;
    }

    /** One part of a peer's snapshot at {@code version}; parts are numbered from 0, the last one says so. */
    public record SnapshotPart(String peerId, String endpoint, long snapshotId, long version, int part, boolean last,
                               List<IndexEntry> entries) implements PeerMessage {
        public SnapshotPart {
            requirePeer(peerId, endpoint);
            entries = List.copyOf(entries);
            if (entries.size() > MAX_PART_ENTRIES || part < 0 || version < 0) {
                throw new IllegalArgumentException("bad snapshot part");
            }
        }
    }

    /** A change of a peer's index, to apply on top of the version before it. */
    public record Delta(String peerId, String endpoint, IndexDelta delta) implements PeerMessage {
        public Delta {
            requirePeer(peerId, endpoint);
            if (delta == null) {
                throw new IllegalArgumentException("missing delta");
            }
        }
    }

    /** "I am at this version": the leader answers {@link Ack} if it agrees, {@link SnapshotNeeded} if not. */
    public record Check(String peerId, String endpoint, long version) implements PeerMessage {
        public Check {
            requirePeer(peerId, endpoint);
        }
    }

    /** The leader holds the peer's index at {@code version}. */
    public record Ack(long version) implements PeerMessage {
    }

    /** The leader cannot apply what it got (a gap, or it does not know the peer): send a snapshot. */
    public record SnapshotNeeded(String reason) implements PeerMessage {
        public SnapshotNeeded {
            requireReason(reason);
        }
    }

    /** This peer is not the leader (any more); ask the leader discovery names. */
    public record NotLeader() implements PeerMessage {
    }

    /** A fuzzy search of the network index. */
    public record Search(String query, int limit) implements PeerMessage {
        public Search {
            requireSearch(query, limit);
        }
    }

    /**
     * A fuzzy search of the names the asked peer itself shares, not of the network index; answered with
     * {@link Results} (each hit with 1 peer). Asked of every member when the leader finds nothing.
     */
    public record LocalSearch(String query, int limit) implements PeerMessage {
        public LocalSearch {
            requireSearch(query, limit);
        }
    }

    static void requireSearch(String query, int limit) {
        if (!Limits.fits(query, MAX_QUERY) || limit < 1 || limit > Limits.MAX_RESULTS) {
            throw new IllegalArgumentException("a search needs a query of at most " + MAX_QUERY
                    + " characters and a limit from 1 to " + Limits.MAX_RESULTS);
        }
    }

    /**
     * Search results, best first, one per content hash. {@code pending} names the members whose index the answering
     * leader does not hold yet (a new leader takes snapshots in for a while): what they share is missing from the
     * hits, and the asker may ask them itself. Empty from a leader that holds every member's index, and from a member
     * answering a {@link LocalSearch}.
     */
    public record Results(List<Found> hits, List<String> pending) implements PeerMessage {
        public Results {
            hits = bounded(hits, Limits.MAX_RESULTS, "results");
            pending = bounded(pending, Limits.MAX_PENDING, "pending members");
            pending.forEach(id -> PeerStamp.checkPeerId(id, "pending member"));
        }

        /** Results that miss no member. */
        public Results(List<Found> hits) {
            this(hits, List.of());
        }
    }

    /** One search result or lookup candidate. */
    public record Found(String name, long size, String hash, boolean dir, int peers) {
        public Found {
            if (!FolderManifest.isValidName(name) || size < 0 || !Hex.isHash(hash) || peers < 0) {
                throw new IllegalArgumentException("a result needs a name, a size, a content hash and a peer count");
            }
        }
    }

    /** Which peers hold the content with this hash or unique hash prefix. */
    public record Lookup(String hashPrefix) implements PeerMessage {
        public Lookup {
            if (hashPrefix == null || hashPrefix.length() > 2 * ContentHash.HASH_BYTES) {
                throw new IllegalArgumentException("bad hash prefix");
            }
        }
    }

    /**
     * Which of the asked peer's own shared files and folders have this hash or hash prefix (lowercase, at least
     * {@value HashPrefix#MIN_DIGITS} digits). Answered with {@link Located} naming no seeder (the peer that
     * answers is the seeder; the asker knows its endpoint from discovery, not from the answer), {@link Ambiguous}
     * or {@link NotFound}. Asked of every member when the leader knows nothing.
     */
    public record LocalLookup(String hashPrefix) implements PeerMessage {
        public LocalLookup {
            if (!HashPrefix.isValid(hashPrefix)) {
                throw new IllegalArgumentException("a local lookup needs " + HashPrefix.MIN_DIGITS + " to "
                        + HashPrefix.FULL_DIGITS + " lowercase hex digits");
            }
        }

        public HashPrefix prefix() {
            return new HashPrefix(hashPrefix);
        }
    }

    /** The one content the prefix names and the peers that hold it. */
    public record Located(String hash, String name, long size, boolean dir, List<Seeder> seeders)
            implements PeerMessage {
        public Located {
            if (!Hex.isHash(hash) || !FolderManifest.isValidName(name) || size < 0) {
                throw new IllegalArgumentException("a location needs a content hash, a name and a size");
            }
            seeders = bounded(seeders, Limits.MAX_SEEDERS, "seeders");
        }
    }

    /** A peer that holds some content, and its peer endpoint ("host:port"). */
    public record Seeder(String peerId, String endpoint) {
        public Seeder {
            requirePeer(peerId, endpoint);
        }
    }

    /** The prefix matches several contents. */
    public record Ambiguous(String prefix, List<Found> candidates) implements PeerMessage {
        public Ambiguous {
            if (prefix == null || prefix.length() > 2 * ContentHash.HASH_BYTES) {
                throw new IllegalArgumentException("bad hash prefix");
            }
            candidates = bounded(candidates, Limits.MAX_RESULTS, "candidates");
        }
    }

    /** Nothing matches; {@code message} says so in a sentence. */
    public record NotFound(String message) implements PeerMessage {
        public NotFound {
            requireReason(message);
        }
    }
}
