package io.iwant.daemon.leader;

import io.iwant.protocol.peer.PeerMessage;
import io.iwant.protocol.peer.Sync;

/**
 * What this peer shares itself, as a member answers when it is asked directly: on its peer socket for the others,
 * and in the process for this peer's own fallback. Called from any thread.
 */
public interface OwnContent {
    /** This peer's own names ranked against the query; every hit held by 1 peer. */
    Sync.Results search(Sync.LocalSearch search);

    /** {@link Sync.Located} naming no seeder (this peer is it), {@link Sync.Ambiguous} or {@link Sync.NotFound}. */
    PeerMessage lookup(Sync.LocalLookup lookup);
}
