/**
 * Asking the leader. {@link io.iwant.daemon.leader.LeaderClient} (the entry) sends a search or a lookup to
 * whichever peer leads now, retrying with the next leader discovery names until a deadline; when this peer leads,
 * the question is answered in the process by {@link io.iwant.daemon.leader.sync.SyncServer}.
 * {@link io.iwant.daemon.leader.LeaderRef} is the leader as discovery reports it.
 *
 * <p>Threads: none of its own. {@code LeaderClient} runs on the caller's thread (a control request) and opens a
 * short-lived socket per question through {@code peer.PeerCall}.
 *
 * <p>May use: {@code leader.sync} (the local answer), {@code peer} ({@code PeerCall}), and the protocol's
 * {@code Sync} messages. The subpackages hold the leader's own work: {@code leader.search} the network index,
 * {@code leader.sync} keeping it in step with every peer.
 */
package io.iwant.daemon.leader;
