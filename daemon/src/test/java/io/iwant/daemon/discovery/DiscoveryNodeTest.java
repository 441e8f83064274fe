package io.iwant.daemon.discovery;

import io.iwant.daemon.election.Timings;
import io.iwant.protocol.discovery.Beacon;
import io.iwant.protocol.discovery.Bye;
import io.iwant.protocol.discovery.DiscoveryMessage;
import io.iwant.protocol.discovery.PeerStamp;
import io.iwant.protocol.discovery.Ping;
import io.iwant.protocol.discovery.Pong;
import io.iwant.protocol.discovery.Victory;
import io.iwant.protocol.wire.Limits;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.ArrayList;
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
    private static final InetSocketAddress EVIL_SOURCE = new InetSocketAddress("10.77.0.66", 40_066);
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
        assertTrue(only(heard, NodeAction.Joined.class).isEmpty(), "not before it answered a ping");
        List<NodeAction> proven = answerProbe(node, heard, B, B_SOURCE, NOW + 10);
        assertEquals("peer-b", only(proven, NodeAction.Joined.class).get(0).member().peerId());

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
        assertTrue(only(heard, NodeAction.Unaddressed.class).isEmpty(), "an unproven peer's claim is not heard");
        List<NodeAction> proven = answerProbe(node, heard, B, B_SOURCE, NOW + 12);

        NodeAction.Unaddressed ping = only(proven, NodeAction.Unaddressed.class).get(0);
        assertEquals("peer-c", ping.peerId());
        assertInstanceOf(Ping.class, ping.message());
        assertFalse(ping.sendOver(new Refusing()), "nothing leaves");
    }

    @Test
    void a_real_good_bye_removes_the_peer_after_the_ping_timeout_and_the_leave_says_good_bye_to_the_group() {
        DiscoveryNode node = withB();

        List<NodeAction> bye = node.handle(new Bye(B), B_SOURCE, NOW + 20);
        assertTrue(only(bye, NodeAction.Left.class).isEmpty(), "a good-bye is checked first");
        assertEquals(List.of(B_SOURCE), pings(bye).stream().map(NodeAction.ToPeer::target).toList());
        assertTrue(node.tick(NOW + 20 + T.pingTimeout() - 1).stream().noneMatch(NodeAction.Left.class::isInstance));
        List<NodeAction> checked = node.tick(NOW + 20 + T.pingTimeout());
        assertEquals("peer-b", only(checked, NodeAction.Left.class).get(0).member().peerId());
        assertTrue(node.members().isEmpty());

        List<NodeAction> leaving = node.leave(NOW + 30 + T.pingTimeout());
        Bye ours = (Bye) only(leaving, NodeAction.ToGroup.class).get(0).message();
        assertEquals(new PeerStamp("peer-a", node.incarnation(), 30 + T.pingTimeout()), ours.from());
    }

    @Test
    void a_spoofed_good_bye_for_a_live_member_removes_nothing() {
        DiscoveryNode node = withB();

        List<NodeAction> fromElsewhere = node.handle(new Bye(B), EVIL_SOURCE, NOW + 20);
        assertTrue(pings(fromElsewhere).isEmpty(), "a good-bye from another address is not even checked");
        List<NodeAction> fromItsAddress = node.handle(new Bye(B), B_SOURCE, NOW + 30);
        Ping check = (Ping) pings(fromItsAddress).get(0).message();
        node.handle(new Pong(B, check.nonce(), DiscoveryMessage.NO_LEADER, 0, 0), B_SOURCE, NOW + 31);

        for (long t = NOW + 40; t < NOW + 40 + T.peerTimeout(); t += 100) {
            node.handle(new Beacon(B, 7379, DiscoveryMessage.NO_LEADER, 0), B_SOURCE, t);
            assertTrue(node.tick(t).stream().noneMatch(NodeAction.Left.class::isInstance), "at " + (t - NOW));
        }
        assertEquals(List.of("peer-b"), node.members().stream().map(Membership.Member::peerId).toList());
    }

    @Test
    void a_victory_from_an_unproven_peer_is_not_followed_but_probed() {
        DiscoveryNode node = node(List.of());
        // probed at once and every ping interval for a ping timeout, then again after back-offs of 2, 4 and 8 s
        assertEquals(probesAt(0, 3_000, 8_000, 17_000), probesOfABoaster(node));
        assertEquals("peer-a", node.leader().orElseThrow().peerId(), "alone, it leads itself");
        assertTrue(node.term() < 10, "the claimed terms did not raise its own: " + node.term());
        assertTrue(node.members().isEmpty());
    }

    @Test
    void in_a_private_network_an_unproven_peer_is_probed_again_every_two_seconds() {
        DiscoveryNode node = new DiscoveryNode("peer-a", 7378, List.of(), T, NOW, new Random(1), true);
        assertEquals(probesAt(0, 3_000, 6_000, 9_000, 12_000, 15_000, 18_000), probesOfABoaster(node));
        assertTrue(node.members().isEmpty());
    }

    /**
     * For 20 s, a peer that never answers boasts to {@code node} twice a second (the highest uptime, ever higher
     * terms); returns when the node pinged it, as the uptimes in its pings. The node never follows it.
     */
    private static List<Long> probesOfABoaster(DiscoveryNode node) {
        node.tick(NOW);
        PeerStamp evil = new PeerStamp("0000evil", 1, Limits.MAX_UPTIME_MILLIS);
        List<NodeAction> heard = new ArrayList<>();
        for (long t = NOW; t < NOW + 20_000; t += 500) {
            long term = Math.min(Limits.MAX_TERM, 1L << (t - NOW) / 500);
            heard.addAll(node.handle(new Beacon(evil, 1, "0000evil", term), EVIL_SOURCE, t));
            heard.addAll(node.handle(new Victory(evil, term, 666), EVIL_SOURCE, t + 1));
            while (node.nextDeadline() < t + 500) {
                heard.addAll(node.tick(Math.max(t + 1, node.nextDeadline())));
            }
            assertFalse(node.leader().map(l -> l.peerId().equals("0000evil")).orElse(false), "at " + (t - NOW));
        }
        return pings(heard).stream().filter(p -> p.target().equals(EVIL_SOURCE))
                .map(p -> ((Ping) p.message()).from().uptimeMillis()).toList();
    }

    /** The uptimes of the pings of probes that start at {@code attempts}: one every ping interval for a timeout. */
    private static List<Long> probesAt(long... attempts) {
        List<Long> expected = new ArrayList<>();
        for (long attempt : attempts) {
            for (long ping = 0; ping < T.pingTimeout(); ping += T.pingInterval()) {
                expected.add(attempt + ping);
            }
        }
        return expected;
    }

    @Test
    void a_members_id_from_another_address_changes_nothing() {
        DiscoveryNode node = withB();

        PeerStamp spoofed = new PeerStamp(B.peerId(), B.incarnation(), B.uptimeMillis() + 20);
        node.handle(new Beacon(spoofed, 1, "peer-b", Limits.MAX_TERM), EVIL_SOURCE, NOW + 20);
        node.handle(new Victory(spoofed, Limits.MAX_TERM, 666), EVIL_SOURCE, NOW + 21);

        Membership.Member b = node.members().iterator().next();
        assertEquals(B_SOURCE, b.source());
        assertEquals(7379, b.tcpPort());
        assertEquals(NOW + 10, b.lastHeard());
        assertFalse(node.leader().map(l -> l.peerId().equals("peer-b")).orElse(false));
        assertTrue(node.term() < Limits.MAX_TERM);
    }

    @Test
    void a_thousand_fake_ids_leave_room_for_a_real_peer() {
        DiscoveryNode node = node(List.of());
        node.tick(NOW);
        for (int i = 0; i < 1024; i++) {
            PeerStamp fake = new PeerStamp("fake-" + i, i, 0);
            node.handle(new Beacon(fake, 1, DiscoveryMessage.NO_LEADER, 0), EVIL_SOURCE, NOW + 1 + i / 100);
        }
        join(node, B, B_SOURCE, NOW + 20);

        assertEquals(List.of("peer-b"), node.members().stream().map(Membership.Member::peerId).toList());
    }

    @Test
    void a_restarted_peer_replaces_its_old_incarnation_only_once_the_new_one_answers() {
        DiscoveryNode node = withB();
        PeerStamp reborn = new PeerStamp(B.peerId(), B.incarnation() + 1, 5);

        List<NodeAction> heard = node.handle(new Beacon(reborn, 7380, DiscoveryMessage.NO_LEADER, 0), B_SOURCE,
                NOW + 20);
        assertTrue(only(heard, NodeAction.Left.class).isEmpty());
        assertEquals(B.incarnation(), node.members().iterator().next().incarnation(), "the old one stays");

        List<NodeAction> proven = answerProbe(node, heard, reborn, B_SOURCE, NOW + 21);
        assertEquals(B.incarnation(), only(proven, NodeAction.Left.class).get(0).member().incarnation());
        assertEquals(reborn.incarnation(), only(proven, NodeAction.Joined.class).get(0).member().incarnation());
    }

    @Test
    void someone_who_speaks_first_in_a_peers_name_from_another_address_does_not_lock_the_peer_out() {
        DiscoveryNode node = node(List.of());
        node.tick(NOW);
        List<NodeAction> replayed = node.handle(new Beacon(B, 7379, DiscoveryMessage.NO_LEADER, 0), EVIL_SOURCE,
                NOW + 1);
        assertEquals(List.of(EVIL_SOURCE), pings(replayed).stream().map(NodeAction.ToPeer::target).toList());

        List<NodeAction> heard = node.handle(new Beacon(B, 7379, DiscoveryMessage.NO_LEADER, 0), B_SOURCE, NOW + 2);
        List<NodeAction> proven = answerProbe(node, heard, B, B_SOURCE, NOW + 3);

        assertEquals(B_SOURCE, only(proven, NodeAction.Joined.class).get(0).member().source());
    }

    @Test
    void a_pong_proves_only_the_incarnation_that_was_pinged() {
        DiscoveryNode node = node(List.of());
        node.tick(NOW);
        PeerStamp reborn = new PeerStamp(B.peerId(), B.incarnation() + 1, 5);
        List<NodeAction> old = node.handle(new Beacon(B, 7379, DiscoveryMessage.NO_LEADER, 0), B_SOURCE, NOW + 1);
        node.handle(new Beacon(reborn, 7380, DiscoveryMessage.NO_LEADER, 0), B_SOURCE, NOW + 2);
        long nonceForOld = ((Ping) pings(old).get(0).message()).nonce();

        List<NodeAction> answer = node.handle(new Pong(reborn, nonceForOld, DiscoveryMessage.NO_LEADER, 0, 0),
                B_SOURCE, NOW + 3);

        assertTrue(only(answer, NodeAction.Joined.class).isEmpty(), "an answer to the other incarnation's ping");
        assertTrue(node.members().isEmpty());
    }

    /** A node that started at NOW and has had peer-b as a member since NOW + 10. */
    private static DiscoveryNode withB() {
        DiscoveryNode node = node(List.of());
        node.tick(NOW);
        join(node, B, B_SOURCE, NOW + 10);
        return node;
    }

    /** {@code peer} beacons from {@code source} and answers the probe: it is a member from then on. */
    private static void join(DiscoveryNode node, PeerStamp peer, InetSocketAddress source, long now) {
        List<NodeAction> heard = node.handle(new Beacon(peer, 7379, DiscoveryMessage.NO_LEADER, 0), source, now);
        List<NodeAction> proven = answerProbe(node, heard, peer, source, now);
        assertEquals(peer.peerId(), only(proven, NodeAction.Joined.class).get(0).member().peerId());
    }

    /** {@code peer} answers the node's ping among {@code actions} from {@code source}. */
    private static List<NodeAction> answerProbe(DiscoveryNode node, List<NodeAction> actions, PeerStamp peer,
                                                InetSocketAddress source, long now) {
        NodeAction.ToPeer probe = pings(actions).get(0);
        assertEquals(source, probe.target());
        assertEquals(peer.incarnation(), probe.incarnation(), "meant for the incarnation heard");
        long nonce = ((Ping) probe.message()).nonce();
        return node.handle(new Pong(peer, nonce, DiscoveryMessage.NO_LEADER, 0, 0), source, now);
    }

    private static List<NodeAction.ToPeer> pings(List<NodeAction> actions) {
        return only(actions, NodeAction.ToPeer.class).stream().filter(a -> a.message() instanceof Ping).toList();
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

        @Override
        public boolean toPeer(InetSocketAddress target, long incarnation, DiscoveryMessage message) {
            throw new AssertionError("sent to " + target + ": " + message);
        }
    }
}
