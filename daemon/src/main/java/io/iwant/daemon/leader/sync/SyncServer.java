package io.iwant.daemon.leader.sync;

import io.iwant.daemon.leader.search.Lookup;
import io.iwant.daemon.leader.search.NetworkIndex;
import io.iwant.daemon.peer.PeerServer;
import io.iwant.daemon.peer.PeerServer.Lane;
import io.iwant.daemon.peer.PeerServer.Reply;
import io.iwant.protocol.index.IndexDelta;
import io.iwant.protocol.peer.PeerMessage;
import io.iwant.protocol.peer.Sync;
import io.iwant.protocol.wire.Limits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The leader's side of index sync, and the search and lookup it answers for everyone. Snapshots, deltas and
 * checks arrive on the peer server's ordered lane, so one peer's messages apply in order; searches and lookups
 * run on the pool. While this peer does not lead, it answers {@link Sync.NotLeader} and holds no network index.
 *
 * <p>Index sync is tied to the sender: a snapshot, delta or check is taken only in the name of a peer that discovery
 * lists as a member, and only from a connection whose address is that member's; anything else is refused in our
 * words. A member's entries carry the endpoint discovery knows for it, never the one in the message, and leave with
 * it, so the index holds no more peers than there are members.
 */
public final class SyncServer {
    private static final Logger log = LoggerFactory.getLogger(SyncServer.class);
    /** The refusal of sync from anyone but a current member at its own address. */
    static final String NOT_A_MEMBER = "index sync is taken only from a current member, over a connection from its "
            + "own address";

    /** Who may sync: the members discovery knows now. Any thread. */
    public interface Members {
        /**
         * The peer endpoint discovery knows for a current member (its IP address and advertised TCP port); empty
         * for a peer id it does not list, or whose port it does not know yet.
         */
        Optional<InetSocketAddress> endpointOf(String peerId);

        /** The ids of the current members whose peer port is known, this peer included. */
        Set<String> ids();

        static Members of(Function<String, Optional<InetSocketAddress>> endpointOf, Supplier<Set<String>> ids) {
            return new Members() {
                @Override
                public Optional<InetSocketAddress> endpointOf(String peerId) {
                    return endpointOf.apply(peerId);
                }

                @Override
                public Set<String> ids() {
                    return ids.get();
                }
            };
        }
    }

    private final NetworkIndex index;
    private final BooleanSupplier leading;
    private final Members members;
    /** Written under this object's lock; read without it by {@link #pending}, so that a search never waits on sync. */
    private final Map<String, Long> versions = new ConcurrentHashMap<>();
    private final Map<String, Assembly> assemblies = new HashMap<>();

    private static final class Assembly {
        final long snapshotId;
        final NetworkIndex.Snapshot snapshot;
        int nextPart;
        long entries;

        Assembly(long snapshotId, NetworkIndex.Snapshot snapshot) {
            this.snapshotId = snapshotId;
            this.snapshot = snapshot;
        }
    }

    public SyncServer(NetworkIndex index, BooleanSupplier leading, Members members) {
        this.index = index;
        this.leading = leading;
        this.members = members;
    }

    NetworkIndex index() {
        return index;
    }

    public void register(PeerServer server) {
        server.on(Sync.SnapshotPart.class, Lane.ORDERED,
                (client, source, m) -> Reply.of(snapshotPart((Sync.SnapshotPart) m, source)));
        server.on(Sync.Delta.class, Lane.ORDERED, (client, source, m) -> Reply.of(delta((Sync.Delta) m, source)));
        server.on(Sync.Check.class, Lane.ORDERED, (client, source, m) -> Reply.of(check((Sync.Check) m, source)));
        server.on(Sync.Search.class, Lane.POOL, (client, m) -> Reply.of(search((Sync.Search) m)));
        server.on(Sync.Lookup.class, Lane.POOL, (client, m) -> Reply.of(lookup((Sync.Lookup) m)));
    }

    /**
     * The endpoint discovery knows for {@code peerId} ("host:port") if it is a current member and {@code source}, the
     * address the message came from, is its address; else null.
     */
    private String sender(String peerId, InetAddress source) {
        Optional<InetSocketAddress> member = members.endpointOf(peerId);
        if (source == null || member.isEmpty() || !source.equals(member.get().getAddress())) {
            return null;
        }
        return member.get().getAddress().getHostAddress() + ":" + member.get().getPort();
    }

    private static PeerMessage notAMember() {
        return new PeerMessage.Refused(NOT_A_MEMBER, true);
    }

    synchronized PeerMessage snapshotPart(Sync.SnapshotPart part, InetAddress source) {
        if (!leading.getAsBoolean()) {
            return new Sync.NotLeader();
        }
        String endpoint = sender(part.peerId(), source);
        if (endpoint == null) {
            return notAMember();
        }
        Assembly assembly = assemblies.get(part.peerId());
        if (part.part() == 0) {
            assembly = new Assembly(part.snapshotId(), index.beginSnapshot(part.peerId(), endpoint));
            assemblies.put(part.peerId(), assembly);
            versions.remove(part.peerId());
        } else if (assembly == null || assembly.snapshotId != part.snapshotId() || assembly.nextPart != part.part()) {
            assemblies.remove(part.peerId());
            return new Sync.SnapshotNeeded("snapshot part " + part.part() + " out of order");
        }
        assembly.entries += part.entries().size(); // NetworkIndex caps what one peer may hold
        assembly.snapshot.add(part.entries());
        assembly.nextPart++;
        if (!part.last()) {
            return null;
        }
        assembly.snapshot.commit();
        assemblies.remove(part.peerId());
        versions.put(part.peerId(), part.version());
        log.info("index of peer {} at version {}: {} entries", part.peerId(), part.version(), assembly.entries);
        return new Sync.Ack(part.version());
    }

    synchronized PeerMessage delta(Sync.Delta message, InetAddress source) {
        if (!leading.getAsBoolean()) {
            return new Sync.NotLeader();
        }
        if (sender(message.peerId(), source) == null) {
            return notAMember();
        }
        IndexDelta delta = message.delta();
        Long known = versions.get(message.peerId());
        if (known != null && delta.version() <= known) {
            return new Sync.Ack(known); // a duplicate: already applied
        }
        if (known == null || delta.version() != known + 1) {
            return new Sync.SnapshotNeeded(known == null ? "unknown peer" : "version gap after " + known);
        }
        if (!index.apply(message.peerId(), delta.upserts(), delta.removed())) {
            versions.remove(message.peerId());
            return new Sync.SnapshotNeeded("unknown peer");
        }
        versions.put(message.peerId(), delta.version());
        return new Sync.Ack(delta.version());
    }

    synchronized PeerMessage check(Sync.Check check, InetAddress source) {
        if (!leading.getAsBoolean()) {
            return new Sync.NotLeader();
        }
        if (sender(check.peerId(), source) == null) {
            return notAMember();
        }
        Long known = versions.get(check.peerId());
        if (known != null && known == check.version()) {
            return new Sync.Ack(known);
        }
        return new Sync.SnapshotNeeded(known == null ? "unknown peer" : "at " + known + ", not " + check.version());
    }

    /** A peer left the network: its files leave the index with it. */
    public synchronized void memberLeft(String peerId) {
        versions.remove(peerId);
        assemblies.remove(peerId);
        if (index.removePeer(peerId)) {
            log.info("peer {} left; its files left the network index", peerId);
        }
    }

    /**
     * Drops every peer that is no longer a member, whether or not its departure was told through {@link
     * #memberLeft} (a snapshot can slip in between discovery dropping a member and that call). Cheap: a look-up per
     * peer in the index.
     */
    public synchronized void retainMembers() {
        Set<String> known = new HashSet<>(index.peerIds());
        known.addAll(versions.keySet());
        known.addAll(assemblies.keySet());
        for (String peerId : known) {
            if (members.endpointOf(peerId).isEmpty()) {
                memberLeft(peerId);
            }
        }
    }

    /** Leadership changed; a peer that stops leading forgets the network index (the new leader rebuilds it). */
    public synchronized void leadershipChanged(boolean nowLeading) {
        if (!nowLeading) {
            versions.clear();
            assemblies.clear();
            index.clear();
        }
    }

    public PeerMessage search(Sync.Search search) {
        if (!leading.getAsBoolean()) {
            return new Sync.NotLeader();
        }
        List<Sync.Found> hits = index.search(search.query(), search.limit()).stream()
                .map(h -> new Sync.Found(h.name(), h.size(), h.hash(), h.dir(), h.peers())).toList();
        return new Sync.Results(hits, pending());
    }

    /**
     * The members whose index this leader does not hold: no snapshot of theirs has been taken in whole yet (a new
     * leader, a new member, or one asked for a snapshot again). At most {@link Limits#MAX_PENDING}, sorted.
     */
    List<String> pending() {
        return members.ids().stream().filter(id -> !versions.containsKey(id)).sorted().limit(Limits.MAX_PENDING)
                .toList();
    }

    public PeerMessage lookup(Sync.Lookup request) {
        if (!leading.getAsBoolean()) {
            return new Sync.NotLeader();
        }
        Lookup answer;
        try {
            answer = index.lookup(request.hashPrefix());
        } catch (IllegalArgumentException | io.iwant.protocol.UserError e) {
            return new Sync.NotFound(e.getMessage());
        }
        if (answer instanceof Lookup.Found found) {
            return new Sync.Located(found.hash(), found.name(), found.size(), found.dir(),
                    found.peers().stream().map(p -> new Sync.Seeder(p.peerId(), p.endpoint())).toList());
        }
        if (answer instanceof Lookup.Ambiguous ambiguous) {
            return new Sync.Ambiguous(ambiguous.prefix(), ambiguous.candidates().stream()
                    .map(c -> new Sync.Found(c.name(), c.size(), c.hash(), c.dir(), 0)).toList());
        }
        return new Sync.NotFound(answer.message());
    }
}
