package io.iwant.daemon.discovery;

import io.iwant.daemon.election.Timings;
import io.iwant.protocol.discovery.Beacon;
import io.iwant.protocol.discovery.Datagrams;
import io.iwant.protocol.discovery.DiscoveryMessage;
import io.iwant.protocol.discovery.Gossip;
import io.iwant.protocol.discovery.PeerStamp;
import io.iwant.protocol.discovery.Ping;
import io.iwant.protocol.discovery.Pong;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Gossip as a node hears and sends it, on virtual time: every gossiped address is a claim, proven by a ping. */
class GossipTest {
    private static final Timings T = Timings.DEFAULT;
    private static final long NOW = 5_000_000L;
    private static final InetSocketAddress SELF = new InetSocketAddress("10.77.0.1", 40_001);
    private static final InetSocketAddress B_SOURCE = new InetSocketAddress("10.77.0.2", 40_002);
    private static final InetSocketAddress C_SOURCE = new InetSocketAddress("10.77.0.3", 40_003);
    private static final InetSocketAddress D_SOURCE = new InetSocketAddress("10.77.0.4", 40_004);
    private static final PeerStamp B = new PeerStamp("peer-b", 22, 60_000);
    private static final PeerStamp C = new PeerStamp("peer-c", 33, 70_000);

    private static DiscoveryNode node(List<InetSocketAddress> staticPeers) {
        return new DiscoveryNode("peer-a", 7378, staticPeers, T, NOW, new Random(1), false,
                address -> !address.equals(SELF), Sweep.NONE);
    }

    /** A node that has had peer-b as a member, found by a static beacon, since NOW + 10. */
    private static DiscoveryNode withB() {
        DiscoveryNode node = node(List.of());
        node.tick(NOW);
        List<NodeAction> heard = node.handle(new Beacon(B, 7379, DiscoveryMessage.NO_LEADER, 0, true), B_SOURCE,
                NOW + 10, true);
        answer(node, pingsTo(heard, B_SOURCE).get(0), B, B_SOURCE, NOW + 10);
        return node;
    }

    private static List<NodeAction> gossip(DiscoveryNode node, PeerStamp teller, InetSocketAddress from, long now,
                                           InetSocketAddress... addresses) {
        return node.handle(Gossip.of(teller, List.of(addresses)), from, now, false);
    }

    private static List<NodeAction> answer(DiscoveryNode node, NodeAction.ToPeer ping, PeerStamp as,
                                           InetSocketAddress from, long now) {
        return node.handle(new Pong(as, ((Ping) ping.message()).nonce(), DiscoveryMessage.NO_LEADER, 0, 0), from,
                now);
    }

    private static List<NodeAction.ToPeer> pings(List<NodeAction> actions) {
        return actions.stream().filter(NodeAction.ToPeer.class::isInstance).map(NodeAction.ToPeer.class::cast)
                .filter(a -> a.message() instanceof Ping).toList();
    }

    private static List<NodeAction.ToPeer> pingsTo(List<NodeAction> actions, InetSocketAddress target) {
        return pings(actions).stream().filter(p -> p.target().equals(target)).toList();
    }

    private static List<String> memberIds(DiscoveryNode node) {
        return node.members().stream().map(Membership.Member::peerId).toList();
    }

    /** Runs the node's timers from {@code from} to {@code until}; returns every action. */
    private static List<NodeAction> run(DiscoveryNode node, long from, long until) {
        List<NodeAction> out = new ArrayList<>();
        for (long t = from; t < until; t = Math.max(t + 1, Math.min(until, node.nextDeadline()))) {
            out.addAll(node.tick(t));
        }
        return out;
    }

    @Test
    void a_gossiped_address_that_answers_its_ping_joins_and_gets_unicast_beacons() {
        DiscoveryNode node = withB();

        List<NodeAction> told = gossip(node, B, B_SOURCE, NOW + 20, C_SOURCE);
        NodeAction.ToPeer ping = pingsTo(told, C_SOURCE).get(0);
        assertEquals(Datagrams.EVERYONE, ping.incarnation(), "its incarnation is not known yet");
        assertEquals(List.of("peer-b"), memberIds(node), "not before it answered");

        List<NodeAction> proven = answer(node, ping, C, C_SOURCE, NOW + 21);
        assertEquals(C_SOURCE, proven.stream().filter(NodeAction.Joined.class::isInstance)
                .map(a -> ((NodeAction.Joined) a).member().source()).findFirst().orElseThrow());
        assertEquals(List.of("peer-b", "peer-c"), memberIds(node));
        assertEquals(1, node.rungs(NOW + 21).found(Rung.GOSSIP));
        assertEquals(1, node.rungs(NOW + 21).found(Rung.STATIC));

        List<NodeAction> later = run(node, NOW + 22, NOW + 22 + T.beaconInterval() + T.beaconJitter() + 1);
        assertTrue(later.stream().anyMatch(a -> a instanceof NodeAction.ToAddress to && to.target().equals(C_SOURCE)
                && to.message() instanceof Beacon beacon && beacon.direct()), "beacons marked direct: " + later);
    }

    @Test
    void an_address_whose_answer_comes_from_elsewhere_or_never_proves_nothing() {
        DiscoveryNode node = withB();
        NodeAction.ToPeer ping = pingsTo(gossip(node, B, B_SOURCE, NOW + 20, C_SOURCE), C_SOURCE).get(0);

        answer(node, ping, C, D_SOURCE, NOW + 21); // someone else answers in its place
        node.handle(new Pong(C, 12345, DiscoveryMessage.NO_LEADER, 0, 0), C_SOURCE, NOW + 22); // no ping of ours
        answer(node, ping, C, C_SOURCE, NOW + 20 + T.pingTimeout() + 1); // too late
        run(node, NOW + 20, NOW + 20_000);

        assertFalse(memberIds(node).contains("peer-c"), memberIds(node).toString());
    }

    @Test
    void whoever_answers_at_a_gossiped_address_joins_under_its_own_id_and_a_members_id_stays_where_it_is() {
        DiscoveryNode node = withB();
        List<NodeAction> told = gossip(node, B, B_SOURCE, NOW + 20, C_SOURCE, D_SOURCE);
        told.addAll(run(node, NOW + 21, NOW + 21 + Rumors.SPACING + 1));

        answer(node, pingsTo(told, C_SOURCE).get(0), C, C_SOURCE, NOW + 300); // peer-c at its address
        answer(node, pingsTo(told, D_SOURCE).get(0), C, D_SOURCE, NOW + 301); // peer-c again, elsewhere
        answer(node, pingsTo(told, D_SOURCE).get(0), B, D_SOURCE, NOW + 302); // a member's id, elsewhere

        assertEquals(List.of("peer-b", "peer-c"), memberIds(node));
        assertEquals(List.of(B_SOURCE, C_SOURCE), node.members().stream().map(Membership.Member::source).toList());
    }

    @Test
    void addresses_nobody_should_ping_are_never_pinged() {
        DiscoveryNode node = withB();
        List<NodeAction> told = gossip(node, B, B_SOURCE, NOW + 20,
                SELF,                                            // this peer
                B_SOURCE,                                        // a member's own address
                new InetSocketAddress("239.255.77.77", 7377),    // multicast
                new InetSocketAddress("255.255.255.255", 7377),  // broadcast
                new InetSocketAddress("0.0.0.0", 7377),          // unspecified
                new InetSocketAddress("127.0.0.1", 7377),        // loopback, from a teller that is not
                new InetSocketAddress("10.77.0.9", 0));          // port 0
        told.addAll(run(node, NOW + 21, NOW + 30_000));

        assertEquals(List.of(), pings(told).stream().map(NodeAction.ToPeer::target)
                .filter(t -> !t.equals(B_SOURCE)).toList());
        assertEquals(0, node.rungs(NOW + 30_000).gossipProbes());
    }

    @Test
    void gossip_from_a_peer_that_is_not_a_member_leads_to_no_ping_of_what_it_names() {
        DiscoveryNode node = node(List.of());
        node.tick(NOW);
        List<NodeAction> told = gossip(node, B, B_SOURCE, NOW + 20, C_SOURCE, D_SOURCE);
        told.addAll(run(node, NOW + 21, NOW + 5_000));

        assertTrue(pingsTo(told, C_SOURCE).isEmpty() && pingsTo(told, D_SOURCE).isEmpty(), told.toString());
    }

    @Test
    void a_flood_of_gossiped_addresses_gets_four_pings_a_second_at_most_and_each_address_fewer_and_fewer() {
        DiscoveryNode node = withB();
        List<NodeAction> out = new ArrayList<>();
        int next = 0;
        for (long t = NOW + 20; t < NOW + 20_020; t += 100) {
            List<InetSocketAddress> batch = new ArrayList<>();
            for (int i = 0; i < Gossip.MAX_MEMBERS; i++, next++) {
                // thousands of addresses, and the first 16 over and over again (churn)
                int n = next % 4 == 0 ? next / 4 % 16 : next;
                batch.add(new InetSocketAddress("10.78." + (n >> 8 & 0xff) + "." + (n & 0xff), 7377));
            }
            out.addAll(gossip(node, B, B_SOURCE, t, batch.toArray(InetSocketAddress[]::new)));
            out.addAll(run(node, t + 1, t + 100));
        }
        List<NodeAction.ToPeer> toLeads = pings(out).stream().filter(p -> !p.target().equals(B_SOURCE)).toList();
        assertTrue(toLeads.size() <= 20_000 / Rumors.SPACING + 1, toLeads.size() + " pings in 20 s");
        assertTrue(toLeads.size() >= 20_000 / Rumors.SPACING - 2, "it still probes: " + toLeads.size());
        Map<InetSocketAddress, Integer> perAddress = new HashMap<>();
        toLeads.forEach(p -> perAddress.merge(p.target(), 1, Integer::sum));
        // pinged at 0, 2, 6 and 14 s at most: the back-off doubles from two seconds
        assertTrue(perAddress.values().stream().allMatch(n -> n <= 4), perAddress.toString());
        assertTrue(node.rungs(NOW + 20_020).gossipPending() <= Rumors.MAX_PER_TELLER, "one member's share at most");
        assertEquals(List.of("peer-b"), memberIds(node));
    }

    @Test
    void one_members_flood_leaves_room_for_another_members_leads() {
        Rumors rumors = new Rumors(T.pingTimeout());
        for (int i = 0; i < 1_000; i++) {
            rumors.heard("peer-evil", new InetSocketAddress("10.66." + (i >> 8) + "." + (i & 0xff), 7377), NOW);
        }
        rumors.heard("peer-b", C_SOURCE, NOW + 1);

        assertEquals(Rumors.MAX_PER_TELLER + 1, rumors.pending());
        assertTrue(rumors.leads().contains(C_SOURCE));
    }

    @Test
    void no_gossip_where_multicast_reaches_everyone_and_gossip_to_everyone_once_a_static_peer_is_there() {
        DiscoveryNode island = node(List.of());
        island.tick(NOW);
        joinByMulticast(island, B, B_SOURCE, NOW + 10);
        joinByMulticast(island, C, C_SOURCE, NOW + 11);
        List<NodeAction> quiet = new ArrayList<>();
        for (long t = NOW + 100; t < NOW + 20_000; t += 400) {
            island.handle(new Beacon(B, 7379, DiscoveryMessage.NO_LEADER, 0), B_SOURCE, t, true);
            island.handle(new Beacon(C, 7380, DiscoveryMessage.NO_LEADER, 0), C_SOURCE, t + 1, true);
            quiet.addAll(run(island, t + 2, t + 400));
        }
        assertTrue(quiet.stream().noneMatch(a -> a instanceof NodeAction.Send s && s.message() instanceof Gossip),
                "no gossip at all");

        InetSocketAddress remote = new InetSocketAddress("10.99.0.1", 7377);
        DiscoveryNode linked = node(List.of(remote));
        linked.tick(NOW);
        joinByMulticast(linked, B, B_SOURCE, NOW + 10);
        joinByMulticast(linked, C, C_SOURCE, NOW + 11);
        List<NodeAction> sent = run(linked, NOW + 12, NOW + 12 + Ladder.SOON); // as soon as a member joined
        List<NodeAction.Send> gossip = sent.stream().filter(a -> a instanceof NodeAction.Send s
                && s.message() instanceof Gossip).map(NodeAction.Send.class::cast).toList();
        assertTrue(gossip.stream().anyMatch(NodeAction.ToGroup.class::isInstance), sent.toString());
        assertTrue(gossip.stream().anyMatch(s -> s instanceof NodeAction.ToAddress to && to.target().equals(remote)));
        assertEquals(List.of(B_SOURCE, C_SOURCE), ((Gossip) gossip.get(0).message()).members());
    }

    @Test
    void a_large_view_is_gossiped_in_rotating_windows_that_fit_a_datagram() {
        DiscoveryNode node = node(List.of(new InetSocketAddress("10.99.0.1", 7377)));
        node.tick(NOW);
        List<InetSocketAddress> sources = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            InetSocketAddress source = new InetSocketAddress("10.77.1." + (i + 1), 40_000 + i);
            sources.add(source);
            joinByMulticast(node, new PeerStamp("peer-" + (100 + i), i, 1_000), source, NOW + 10 + i);
        }
        List<InetSocketAddress> told = new ArrayList<>();
        for (NodeAction action : run(node, NOW + 100, NOW + 3 * Ladder.FAST + 5)) { // before they time out
            if (action instanceof NodeAction.ToGroup group && group.message() instanceof Gossip gossip) {
                assertTrue(Datagrams.encode(gossip).length + Datagrams.PRIVATE_OVERHEAD <= 200,
                        "bytes per gossip: " + Datagrams.encode(gossip).length);
                told.addAll(gossip.members());
            }
        }
        assertTrue(told.containsAll(sources), "every member within three rounds");
    }

    private static void joinByMulticast(DiscoveryNode node, PeerStamp peer, InetSocketAddress source, long now) {
        List<NodeAction> heard = node.handle(new Beacon(peer, 7379, DiscoveryMessage.NO_LEADER, 0), source, now,
                true);
        answer(node, pingsTo(heard, source).get(0), peer, source, now);
        assertTrue(node.members().stream().anyMatch(m -> m.peerId().equals(peer.peerId())));
    }
}
