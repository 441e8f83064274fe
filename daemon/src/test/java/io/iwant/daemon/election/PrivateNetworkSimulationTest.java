package io.iwant.daemon.election;

import io.iwant.daemon.discovery.DatagramWriter;
import io.iwant.daemon.discovery.Membership;
import io.iwant.protocol.discovery.Bye;
import io.iwant.protocol.discovery.Datagrams;
import io.iwant.protocol.discovery.PeerStamp;
import io.iwant.protocol.discovery.Victory;
import io.iwant.protocol.secure.NetworkKey;
import io.iwant.protocol.wire.Limits;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Private networks on the simulated wire, scene by scene: real {@code DiscoveryNode}s whose datagrams are sealed by
 * their writers and checked by their gates, a network without loss and with a few ms of delay, and an attacker who
 * captured every datagram on the wire and resends them, forges them or seals its own with another key. Besides what
 * each test asserts, the simulation's own checks hold throughout (no peer lets in a peer of another network or an
 * incarnation that ended, follows a leadership that ended, or removes a live peer it hears).
 */
class PrivateNetworkSimulationTest {
    private static final NetworkKey KEY = NetworkKey.generate();
    private static final NetworkKey OTHER = NetworkKey.generate();
    private static final InetSocketAddress EVIL = address("evil", 9);

    private static SimulatedNetwork network(NetworkKey... keys) {
        SimulatedNetwork net = new SimulatedNetwork(Timings.DEFAULT, 15, keys, false);
        net.minDelay = 1;
        net.maxDelay = 5;
        return net;
    }

    @Test
    void peers_with_the_same_key_become_members_and_follow_one_leader() {
        SimulatedNetwork net = network(KEY, KEY, KEY);
        startOneAfterAnother(net);
        net.runUntil(10_000);

        assertNull(net.violation);
        for (SimulatedNetwork.Node node : net.nodes) {
            assertEquals(Optional.of("peer-a"), leaderOf(node), node.id);
            assertEquals(2, node.discovery.members().size(), node.id);
        }
    }

    @Test
    void two_private_networks_and_an_open_one_on_one_wire_stay_apart_and_each_elects_its_own_leader() {
        SimulatedNetwork net = network(KEY, KEY, OTHER, OTHER, null, null);
        startOneAfterAnother(net);
        net.runUntil(12_000);

        assertNull(net.violation);
        String[] expected = {"peer-a", "peer-a", "peer-c", "peer-c", "peer-e", "peer-e"};
        for (SimulatedNetwork.Node node : net.nodes) {
            assertEquals(Optional.of(expected[node.index]), leaderOf(node), node.id);
            String partner = net.nodes.get(node.index ^ 1).id;
            assertEquals(List.of(partner), memberIds(node), node.id + " sees only the peer of its own network");
        }
    }

    @Test
    void replaying_an_incarnation_after_it_restarted_and_after_it_left_never_lets_it_in_again() {
        SimulatedNetwork net = network(KEY, KEY, KEY, KEY);
        SimulatedNetwork.Node a = net.nodes.get(0);
        SimulatedNetwork.Node b = net.nodes.get(1);
        SimulatedNetwork.Node d = net.nodes.get(3);
        net.at(0, () -> net.start(a));
        net.at(1_000, () -> net.start(b));
        net.at(2_000, () -> net.start(net.nodes.get(2)));
        net.runUntil(6_000);
        assertEquals(Optional.of("peer-a"), leaderOf(b));
        long first = a.discovery.incarnation();
        List<SimulatedNetwork.Captured> firstIncarnation = capturedFrom(net, a, 0, 6_000);

        net.crash(a);
        net.at(6_500, () -> net.start(a));
        net.at(7_000, () -> net.start(d)); // it never heard the first incarnation of peer-a
        replayFromEverywhere(net, firstIncarnation, 8_000, 16_000);
        watch(net, 16_000, () -> {
            for (SimulatedNetwork.Node node : net.nodes) {
                if (net.now > 6_000 + Timings.DEFAULT.peerTimeout()) {
                    assertTrue(node.discovery.members().stream().noneMatch(m -> m.incarnation() == first),
                            node.id + " holds the first incarnation of peer-a at " + net.now);
                }
            }
        });
        for (SimulatedNetwork.Node node : net.nodes) {
            assertEquals(Optional.of("peer-b"), leaderOf(node), node.id + ": the oldest live peer leads");
            assertEquals(3, node.discovery.members().size(), node.id);
        }

        List<SimulatedNetwork.Captured> secondIncarnation = capturedFrom(net, a, 6_500, 16_000);
        net.leave(a);
        replayFromEverywhere(net, firstIncarnation, 16_500, 24_000);
        replayFromEverywhere(net, secondIncarnation, 16_500, 24_000);
        watch(net, 24_000, () -> {
            for (SimulatedNetwork.Node node : net.nodes) {
                if (node.alive() && net.now > 16_000 + Timings.DEFAULT.peerTimeout()) {
                    assertEquals(List.of("peer-b", "peer-c", "peer-d").stream().filter(id -> !id.equals(node.id))
                            .toList(), memberIds(node), node.id + " at " + net.now);
                    assertEquals(Optional.of("peer-b"), leaderOf(node), node.id + " at " + net.now);
                }
            }
        });
    }

    @Test
    void replays_forgeries_and_strangers_change_nothing_for_live_members_and_a_strangers_good_bye_removes_no_one() {
        SimulatedNetwork net = network(KEY, KEY, KEY);
        startOneAfterAnother(net);
        net.runUntil(8_000);
        SimulatedNetwork.Node b = net.nodes.get(1);
        Optional<Leader> leadership = b.discovery.leader();
        assertEquals(Optional.of("peer-a"), leadership.map(Leader::peerId));
        List<SimulatedNetwork.Captured> everything = List.copyOf(net.captured);

        replayFromEverywhere(net, everything, 8_000, 16_000);
        PeerStamp bNow = new PeerStamp("peer-b", b.discovery.incarnation(), 10_000);
        DatagramWriter stranger = DatagramWriter.of(OTHER, b.address);
        for (long t = 8_000; t < 16_000; t += 250) {
            long at = t;
            net.at(at, () -> {
                for (SimulatedNetwork.Captured captured : everything.subList(0, 20)) {
                    byte[] forged = captured.datagram().clone();
                    forged[forged.length - 1 - (int) (at % 16)] ^= 1;
                    net.inject(captured.source(), forged);
                }
                net.inject(b.address, stranger.toGroup(new Bye(bNow)));
                net.inject(b.address, Datagrams.encode(new Bye(bNow)));
                net.inject(EVIL, stranger.toGroup(new Victory(new PeerStamp("peer-evil", 1,
                        Limits.MAX_UPTIME_MILLIS), Limits.MAX_TERM, 666)));
            });
        }
        watch(net, 16_000, () -> {
            for (SimulatedNetwork.Node node : net.nodes) {
                assertEquals(leadership, node.discovery.leader(), node.id + " at " + net.now);
                assertEquals(2, node.discovery.members().size(), node.id + " at " + net.now);
            }
        });
    }

    private static void startOneAfterAnother(SimulatedNetwork net) {
        for (SimulatedNetwork.Node node : net.nodes) {
            net.at(node.index * 1_000L, () -> net.start(node));
        }
    }

    /** Runs to {@code until} in steps of 50 ms, checking {@code invariant} and the simulation's own checks. */
    private static void watch(SimulatedNetwork net, long until, Runnable invariant) {
        while (net.now < until) {
            net.runUntil(net.now + 50);
            assertNull(net.violation);
            invariant.run();
        }
    }

    /**
     * Every {@code captured} datagram, resent twice a second from {@code from} to {@code until}: once from the
     * original sender's address (spoofed), once from the attacker's own.
     */
    private static void replayFromEverywhere(SimulatedNetwork net, List<SimulatedNetwork.Captured> captured, long from,
                                             long until) {
        for (long t = from; t < until; t += 500) {
            net.at(t, () -> {
                for (SimulatedNetwork.Captured old : captured) {
                    net.inject(old.source(), old.datagram());
                    net.inject(EVIL, old.datagram());
                }
            });
        }
    }

    private static List<SimulatedNetwork.Captured> capturedFrom(SimulatedNetwork net, SimulatedNetwork.Node node,
                                                                long from, long until) {
        List<SimulatedNetwork.Captured> out = net.captured.stream().filter(c -> c.source().equals(node.address)
                && c.time() >= from && c.time() < until).toList();
        assertTrue(out.size() > 20, "captured " + out.size());
        Set<Long> times = out.stream().map(SimulatedNetwork.Captured::time).collect(Collectors.toSet());
        assertTrue(times.size() > 10, "over time");
        return out;
    }

    private static Optional<String> leaderOf(SimulatedNetwork.Node node) {
        return node.discovery.leader().map(Leader::peerId);
    }

    private static List<String> memberIds(SimulatedNetwork.Node node) {
        return node.discovery.members().stream().map(Membership.Member::peerId).toList();
    }

    private static InetSocketAddress address(String name, int last) {
        try {
            return new InetSocketAddress(InetAddress.getByAddress(name, new byte[]{10, 66, 1, (byte) last}), 7377);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
