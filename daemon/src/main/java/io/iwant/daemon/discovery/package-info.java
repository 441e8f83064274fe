/**
 * Discovery: who is on the network, and who leads. Owns the two UDP sockets of discovery
 * ({@link io.iwant.daemon.discovery.DiscoveryChannels}: the multicast group and this peer's unicast socket), the
 * membership view with failure detection ({@link io.iwant.daemon.discovery.Membership}), the peers heard but not yet
 * proven reachable ({@link io.iwant.daemon.discovery.Claimants}) and the peer's
 * {@link io.iwant.daemon.election.Election}.
 *
 * <p>Trust is earned: a datagram may claim any id, uptime or term, so a peer counts (member, candidate, leader) only
 * once it has answered a ping of this peer at the address it speaks from, and from then on only datagrams of its
 * incarnation from that address count. A good-bye is checked by pings before the member is removed. The
 * {@link io.iwant.daemon.discovery.Ladder} adds the rungs beyond the group and the static peers: members gossip the
 * addresses of members they hear, and each gossiped address is only a lead ({@link io.iwant.daemon.discovery.Rumors})
 * until a ping to it is answered from it, at a bounded rate; while multicast brings nobody, a
 * {@link io.iwant.daemon.discovery.Sweep} beacons to the subnet. Which {@link io.iwant.daemon.discovery.Rung} found
 * each member is reported in {@link io.iwant.daemon.discovery.Rungs}.
 *
 * <p>In a private network (a network key in {@link io.iwant.daemon.discovery.DiscoverySettings}) nothing reaches the
 * node unless it passes the {@link io.iwant.daemon.discovery.DatagramGate}: sealed with the key by a
 * {@link io.iwant.daemon.discovery.DatagramWriter} (the sender's address, the recipient, a counter), sent from where
 * it came from, for everyone or this incarnation, new and fresh ({@link io.iwant.daemon.discovery.ReplayWindows}).
 * Other networks, open peers, forgeries and replays are counted per address in
 * {@link io.iwant.daemon.discovery.Refusals} and told once in the log; an open network refuses private datagrams the
 * same way. What was heard, and from where (this peer's own multicast coming back, other peers' multicast, formats
 * it cannot read), is noted in {@link io.iwant.daemon.discovery.Hearing} for {@code iwanto doctor}.
 *
 * <p>{@link io.iwant.daemon.discovery.Discovery} is the entry class the daemon wires: it starts one thread,
 * "iwant-discovery", whose body is the {@link io.iwant.daemon.discovery.DiscoveryLoop}. That thread alone owns the
 * sockets, reads the clock (a monotonic clock in ms, passed in), decodes datagrams, feeds them to the pure
 * {@link io.iwant.daemon.discovery.DiscoveryNode} and carries out its
 * {@link io.iwant.daemon.discovery.NodeAction}s: sends through a
 * {@link io.iwant.daemon.discovery.DiscoveryTransport}, calls the
 * {@link io.iwant.daemon.discovery.DiscoveryListener}, publishes immutable snapshots that any thread may read. The
 * node and the membership read no clock and touch no socket, so the election simulation in the tests runs them over
 * an in-memory transport on virtual time.
 *
 * <p>May use: {@code protocol.discovery} (the messages and their datagram codec), {@code protocol.secure} (the network
 * key and the datagram seal), {@code protocol.home.NetworkInterfaces} (finding the interface), {@code daemon.election},
 * the JDK's {@code java.nio} datagram channels, SLF4J. Nothing else of the daemon.
 */
package io.iwant.daemon.discovery;
