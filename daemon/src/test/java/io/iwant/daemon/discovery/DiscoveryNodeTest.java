package io.iwant.daemon.discovery;

import io.iwant.daemon.election.Timings;
import io.iwant.protocol.discovery.Beacon;
import io.iwant.protocol.discovery.Bye;
import io.iwant.protocol.discovery.DiscoveryMessage;
import io.iwant.protocol.discovery.PeerStamp;
import io.iwant.protocol.discovery.Ping;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Where a node's messages go and what it tells its driver, on virtual time; no socket involved. */
class DiscoveryNodeTest {
    private static final Timings T = Timings.DEFAULT;
    /** This node's monotonic clock has nothing in common with anyone else's. */
    private static final long NOW = 987_654_321L;
    private static final InetSocketAddress STATIC_1 = new InetSocketAddress("10.77.0.8", 7377);
    private static final InetSocketAddress STATIC_2 = new InetSocketAddress("10.77.0.9", 7377);
    private static final InetSocketAddress B_SOURCE = new InetSocketAddress("10.77.0.2", 40_002);
    private static final PeerStamp B = new PeerStamp("peer-b", 22, 60_000);

    private static DiscoveryNode node(List<InetSocketAddress> staticPeers) {
        return new DiscoveryNode("peer-a", 7378, staticPeers, T, NOW, new Random(1));
    }

    private static <A extends NodeAction> List<A> only(List<NodeAction> actions, Class<A> type) {
        return actions.stream().filter(type::isInstance).map(type::cast).toList();
    }

    @Test
    void a_beacon_goes_to_the_group_and_marked_direct_to_each_static_peer() {
        List<NodeAction> first = node(List.of(STATIC_1, STATIC_2)).tick(NOW);

        Beacon beacon = (Beacon) only(first, NodeAction.ToGroup.class).get(0).message();
        assertFalse(beacon.direct());
        assertEquals(7378, beacon.tcpPort());
        List<NodeAction.ToAddress> unicast = only(first, NodeAction.ToAddress.class);
        assertEquals(List.of(STATIC_1, STATIC_2), unicast.stream().map(NodeAction.ToAddress::target).toList());
        assertEquals(beacon.asDirect(), unicast.get(0).message());
    }

    @Test
    void a_peer_that_beacons_directly_is_answered_by_unicast_until_it_falls_silent() {
        DiscoveryNode node = node(List.of());
        node.tick(NOW);
        List<NodeAction> heard = node.handle(new Beacon(B, 7379, DiscoveryMessage.NO_LEADER, 0, true), B_SOURCE,
                NOW + 10);
        assertEquals("peer-b", only(heard, NodeAction.Joined.class).get(0).member().peerId());

        List<NodeAction> next = node.tick(NOW + T.beaconInterval() + T.beaconJitter());
        DiscoveryMessage beacon = only(next, NodeAction.ToGroup.class).get(0).message();
        assertEquals(List.of(new NodeAction.ToAddress(B_SOURCE, beacon)), only(next, NodeAction.ToAddress.class));

        List<NodeAction> silent = node.tick(NOW + 10 + T.peerTimeout());
        assertEquals("peer-b", only(silent, NodeAction.Left.class).get(0).member().peerId());
        List<NodeAction> after;
        do {
            after = node.tick(node.nextDeadline());
        } while (only(after, NodeAction.ToGroup.class).isEmpty());
        assertTrue(only(after, NodeAction.ToAddress.class).isEmpty(), "no more unicast: " + after);
    }

    @Test
    void a_ping_for_a_leader_heard_of_only_second_hand_has_no_address() {
        DiscoveryNode node = node(List.of());
        node.tick(NOW);

        List<NodeAction> heard = node.handle(new Beacon(B, 7379, "peer-c", 1), B_SOURCE, NOW + 10);

        NodeAction.Unaddressed ping = only(heard, NodeAction.Unaddressed.class).get(0);
        assertEquals("peer-c", ping.peerId());
        assertInstanceOf(Ping.class, ping.message());
        assertFalse(ping.sendOver(new Refusing()), "nothing leaves");
    }

    @Test
    void a_good_bye_removes_the_peer_and_the_leave_says_good_bye_to_the_group() {
        DiscoveryNode node = node(List.of());
        node.tick(NOW);
        node.handle(new Beacon(B, 7379, DiscoveryMessage.NO_LEADER, 0), B_SOURCE, NOW + 10);

        List<NodeAction> bye = node.handle(new Bye(B), B_SOURCE, NOW + 20);
        assertEquals("peer-b", only(bye, NodeAction.Left.class).get(0).member().peerId());
        assertTrue(node.members().isEmpty());

        List<NodeAction> leaving = node.leave(NOW + 30);
        Bye ours = (Bye) only(leaving, NodeAction.ToGroup.class).get(0).message();
        assertEquals(new PeerStamp("peer-a", node.incarnation(), 30), ours.from());
    }

    @Test
    void another_home_with_this_peers_id_is_told_once_and_otherwise_ignored() {
        DiscoveryNode node = node(List.of());
        node.tick(NOW);
        PeerStamp twin = new PeerStamp("peer-a", node.incarnation() + 1, 5_000);

        List<NodeAction> first = node.handle(new Beacon(twin, 7379, DiscoveryMessage.NO_LEADER, 0), B_SOURCE, NOW + 1);
        List<NodeAction> second = node.handle(new Beacon(twin, 7379, DiscoveryMessage.NO_LEADER, 0), B_SOURCE,
                NOW + 2);

        assertEquals(List.of(new NodeAction.IdClash(B_SOURCE)), first);
        assertEquals(List.of(), second);
        assertTrue(node.members().isEmpty());
    }

    /** A transport that must not be used. */
    private static final class Refusing implements DiscoveryTransport {
        @Override
        public boolean toGroup(DiscoveryMessage message) {
            throw new AssertionError("sent to the group: " + message);
        }

        @Override
        public boolean toAddress(InetSocketAddress target, DiscoveryMessage message) {
            throw new AssertionError("sent to " + target + ": " + message);
        }
    }
}
