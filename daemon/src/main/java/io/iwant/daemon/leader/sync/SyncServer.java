package io.iwant.daemon.leader.sync;

import io.iwant.daemon.leader.search.Lookup;
import io.iwant.daemon.leader.search.NetworkIndex;
import io.iwant.daemon.peer.PeerServer;
import io.iwant.daemon.peer.PeerServer.Lane;
import io.iwant.daemon.peer.PeerServer.Reply;
import io.iwant.protocol.index.IndexDelta;
import io.iwant.protocol.peer.PeerMessage;
import io.iwant.protocol.peer.Sync;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The leader's side of index sync, and the search and lookup it answers for everyone. Snapshots, deltas and
 * checks arrive on the peer server's ordered lane, so one peer's messages apply in order; searches and lookups
 * run on the pool. While this peer does not lead, it answers {@link Sync.NotLeader} and holds no network index.
 */
public final class SyncServer {
    private static final Logger log = LoggerFactory.getLogger(SyncServer.class);
    private final NetworkIndex index;
    private final BooleanSupplier leading;
    private final Map<String, Long> versions = new HashMap<>();
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

    public SyncServer(NetworkIndex index, BooleanSupplier leading) {
        this.index = index;
        this.leading = leading;
    }

    NetworkIndex index() {
        return index;
    }

    public void register(PeerServer server) {
        server.on(Sync.SnapshotPart.class, Lane.ORDERED, (client, m) -> Reply.of(snapshotPart((Sync.SnapshotPart) m)));
        server.on(Sync.Delta.class, Lane.ORDERED, (client, m) -> Reply.of(delta((Sync.Delta) m)));
        server.on(Sync.Check.class, Lane.ORDERED, (client, m) -> Reply.of(check((Sync.Check) m)));
        server.on(Sync.Search.class, Lane.POOL, (client, m) -> Reply.of(search((Sync.Search) m)));
        server.on(Sync.Lookup.class, Lane.POOL, (client, m) -> Reply.of(lookup((Sync.Lookup) m)));
    }

    synchronized PeerMessage snapshotPart(Sync.SnapshotPart part) {
        if (!leading.getAsBoolean()) {
            return new Sync.NotLeader();
        }
        Assembly assembly = assemblies.get(part.peerId());
        if (part.part() == 0) {
            assembly = new Assembly(part.snapshotId(), index.beginSnapshot(part.peerId(), part.endpoint()));
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

    synchronized PeerMessage delta(Sync.Delta message) {
        if (!leading.getAsBoolean()) {
            return new Sync.NotLeader();
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

    synchronized PeerMessage check(Sync.Check check) {
        if (!leading.getAsBoolean()) {
            return new Sync.NotLeader();
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
        return new Sync.Results(hits);
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
