/**
 * Asking the leader. {@link io.iwant.daemon.leader.LeaderClient} (the entry) sends a search or a lookup to
 * whichever peer leads now, retrying with the next leader discovery names until a deadline; when this peer leads,
 * the question is answered in the process by {@link io.iwant.daemon.leader.sync.SyncServer}.
 * {@link io.iwant.daemon.leader.LeaderRef} is the leader as discovery reports it. The leader is checked, not
 * believed: when it finds nothing or cannot be asked, {@link io.iwant.daemon.leader.MemberFallback} asks every member
 * directly about its own content ({@code Sync.LocalSearch}, {@code Sync.LocalLookup}) and merges the answers; this
 * peer answers its own part in the process through {@link io.iwant.daemon.leader.OwnContent}.
 *
 * <p>Threads: none of its own. {@code LeaderClient} and {@code MemberFallback} run on the caller's thread (a control
 * request, a download's preparation) and open short-lived sockets per question through {@code peer.PeerCall} and
 * {@code peer.FanOut}.
 *
 * <p>May use: {@code leader.sync} (the local answer), {@code leader.search} ({@code ListSearch}, to rank what
 * members sent), {@code peer} ({@code PeerCall}, {@code FanOut}), and the protocol's {@code Sync} messages. The
 * subpackages hold the leader's own work: {@code leader.search} the network index, {@code leader.sync} keeping it in
 * step with every peer.
 */
package io.iwant.daemon.leader;
