package io.iwant.daemon.network;

import io.iwant.daemon.index.LocalIndex;
import io.iwant.daemon.leader.OwnContent;
import io.iwant.daemon.leader.search.ListSearch;
import io.iwant.daemon.leader.search.Lookup;
import io.iwant.daemon.peer.PeerServer;
import io.iwant.protocol.index.IndexEntry;
import io.iwant.protocol.index.IndexSnapshot;
import io.iwant.protocol.peer.PeerMessage;
import io.iwant.protocol.peer.Sync;

import java.lang.ref.SoftReference;
import java.time.Duration;
import java.util.List;

/**
 * What this peer answers about its own shared content when a member asks it directly (because the leader found
 * nothing): a search of its own names, ranked as the leader ranks ({@link ListSearch}, for at most
 * {@link #SEARCH_TIME}, over a snapshot of the local index reused until the index changes and held softly, so that
 * memory pressure may drop it), and a lookup by hash prefix through the local index's by-hash keys
 * ({@link LocalIndex#withHashPrefix}). Handlers run on the peer server's pool; this peer's own fallback calls the
 * same methods on its caller's thread.
 */
public final class LocalAnswers implements OwnContent {
    /** How long a search may read this peer's names; what was read by then is ranked. */
    static final Duration SEARCH_TIME = Duration.ofMillis(1000);

    private final LocalIndex index;
    private volatile SoftReference<IndexSnapshot> names = new SoftReference<>(null);

    public LocalAnswers(LocalIndex index) {
        this.index = index;
    }

    /** Registers the local search and lookup handlers on {@code server} (before it starts). */
    public LocalAnswers register(PeerServer server) {
        server.on(Sync.LocalSearch.class, PeerServer.Lane.POOL,
                (client, request) -> PeerServer.Reply.of(search((Sync.LocalSearch) request)));
        server.on(Sync.LocalLookup.class, PeerServer.Lane.POOL,
                (client, request) -> PeerServer.Reply.of(lookup((Sync.LocalLookup) request)));
        return this;
    }

    @Override
    public Sync.Results search(Sync.LocalSearch search) {
        long deadline = System.nanoTime() + SEARCH_TIME.toNanos();
        return new Sync.Results(ListSearch.search(entries(), search.query(), search.limit(),
                        () -> System.nanoTime() - deadline > 0).stream()
                .map(h -> new Sync.Found(h.name(), h.size(), h.hash(), h.dir(), 1)).toList());
    }

    /** Every shared entry at the index's current version, read again only once the index has changed. */
    private List<IndexEntry> entries() {
        IndexSnapshot kept = names.get();
        if (kept == null || kept.version() != index.version()) {
            kept = index.snapshot();
            names = new SoftReference<>(kept);
        }
        return kept.entries();
    }

    @Override
    public PeerMessage lookup(Sync.LocalLookup lookup) {
        List<IndexEntry> found = index.withHashPrefix(lookup.prefix(), Lookup.MAX_CANDIDATES);
        if (found.isEmpty()) {
            return new Sync.NotFound("This peer has no file or folder whose hash starts with " + lookup.hashPrefix()
                    + ".");
        }
        if (found.size() == 1) {
            IndexEntry e = found.get(0);
            return new Sync.Located(e.hash(), e.name(), e.size(), e.dir(), List.of());
        }
        return new Sync.Ambiguous(lookup.hashPrefix(), found.stream()
                .map(e -> new Sync.Found(e.name(), e.size(), e.hash(), e.dir(), 1)).toList());
    }
}
