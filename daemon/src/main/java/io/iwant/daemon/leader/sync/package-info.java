/**
 * Index sync: keeping the leader's network index in step with every peer's local index. Two ends, one protocol
 * (the protocol's {@code Sync} messages): {@link io.iwant.daemon.leader.sync.IndexPublisher} runs on every peer
 * and sends the current leader a snapshot in parts, then each delta in order, then periodic checks; {@link
 * io.iwant.daemon.leader.sync.SyncServer} runs on the leader, applies them to its
 * {@link io.iwant.daemon.leader.search.NetworkIndex}, asks for a snapshot on a gap, and answers searches and
 * lookups. {@link io.iwant.daemon.leader.sync.IndexSource} is what the publisher needs of the local index.
 *
 * <p>Threads: {@code IndexPublisher} owns one thread ("index-sync") that creates and alone uses its DEALER
 * socket; other threads hand it leader changes and deltas through queues and a {@code peer.Waker}.
 * {@code SyncServer} has no thread: the peer server calls it, snapshots, deltas and checks on its ordered lane,
 * searches and lookups on its pool.
 *
 * <p>May use: {@code leader.search} (the network index), {@code peer} ({@code PeerServer}, {@code PeerCall},
 * {@code Waker}) and the protocol's index and peer messages. It does not decide who leads: it is told.
 */
package io.iwant.daemon.leader.sync;
