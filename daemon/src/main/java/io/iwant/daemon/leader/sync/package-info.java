/**
 * Index sync: keeping the leader's network index in step with every peer's local index. Two ends, one protocol
 * (the protocol's {@code Sync} messages). On every peer, {@link io.iwant.daemon.leader.sync.SyncSession} is the
 * protocol as a pure state machine (a snapshot in parts, then each delta in order, then periodic checks; a new
 * snapshot when the leader asks, changes or falls silent; every frame cut to fit the leader's request limit, by
 * {@link io.iwant.daemon.leader.sync.Batches}), and {@link io.iwant.daemon.leader.sync.IndexPublisher} is its loop.
 * On the leader, {@link io.iwant.daemon.leader.sync.SyncServer} applies what current members send to its
 * {@link io.iwant.daemon.leader.search.NetworkIndex}, asks for a snapshot on a gap, and answers searches and
 * lookups. {@link io.iwant.daemon.leader.sync.IndexSource} is what the publisher needs of the local index.
 *
 * <p>Threads: {@code IndexPublisher} owns one supervised thread ("index-sync", a {@code util.WorkerThread}) that
 * reads the clock, feeds the session, and creates, alone uses and closes its DEALER socket; other threads hand it
 * leader changes and deltas through a bounded queue and a {@code peer.Waker}. {@code SyncSession} has no thread, clock
 * or socket. {@code SyncServer} has no thread: the peer server calls it, snapshots, deltas and checks on its ordered
 * lane, searches and lookups on its pool.
 *
 * <p>May use: {@code leader.search} (the network index), {@code peer} ({@code PeerServer}, {@code PeerCall},
 * {@code Waker}, {@code SocketWait}), {@code util} and the protocol's index and peer messages. It does not decide
 * who leads or who is a member: it is told.
 */
package io.iwant.daemon.leader.sync;
