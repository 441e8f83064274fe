package io.iwant.daemon.election;

import io.iwant.protocol.secure.NetworkKey;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.BiConsumer;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Networks where multicast does not reach everyone, joined by gossip: seeded runs of a tree of static peers with
 * multicast unusable (every peer an island of its own), and of two or three multicast islands joined by one static
 * link each. Peers start within 3 s, datagrams are lost (up to 5 %) and delayed, and half the runs add adversaries,
 * among them one that gossips in live peers' names (from their addresses) the addresses of nobody, of adversaries,
 * of honest hosts at the wrong port, and multicast and broadcast addresses. Properties: within {@link #CONVERGE} of
 * the last start every peer lists every other and all follow one leader, the oldest; at no time does a peer let in
 * anyone but an honest peer at its own address. {@code -Diwant.sim.seed=S} runs one seed of each and prints its
 * trace.
 */
class GossipSimulationTest {
    private static final Timings TIMINGS = Timings.DEFAULT;
    /** How long after the last start the network must be one. */
    private static final long CONVERGE = 10_000;
    private static final long SAMPLE = 100;
    private static final int RUNS = 150;
    private static final SimulatedNetwork.Adversary[] ADVERSARIES = {SimulatedNetwork.Adversary.GOSSIP_SPOOFER,
            SimulatedNetwork.Adversary.BOASTER, SimulatedNetwork.Adversary.FAKE_IDS,
            SimulatedNetwork.Adversary.BYE_SPOOFER};

    @Test
    void a_tree_of_static_peers_without_multicast_becomes_one_network() {
        check((net, r) -> {
            for (int i = 0; i < net.nodes.size(); i++) {
                net.island[i] = i;
                if (i > 0) {
                    // each peer names an earlier one, or is named by it: one side's configuration is enough
                    SimulatedNetwork.Node other = net.nodes.get(r.nextInt(i));
                    SimulatedNetwork.Node self = net.nodes.get(i);
                    if (r.nextBoolean()) {
                        self.staticPeers = List.of(other.address);
                    } else {
                        other.staticPeers = with(other.staticPeers, self.address);
                    }
                }
            }
        }, 3, 6);
    }

    @Test
    void multicast_islands_joined_by_one_static_link_each_become_one_network() {
        check((net, r) -> {
            int islands = 2 + r.nextInt(2);
            for (int i = 0; i < net.nodes.size(); i++) {
                net.island[i] = i % islands;
            }
            for (int island = 1; island < islands; island++) {
                SimulatedNetwork.Node from = net.nodes.get(island + islands * r.nextInt(2));
                SimulatedNetwork.Node to = net.nodes.get(islands * r.nextInt(2));
                from.staticPeers = with(from.staticPeers, to.address);
            }
        }, 6, 9);
    }

    private static List<InetSocketAddress> with(List<InetSocketAddress> list, InetSocketAddress more) {
        List<InetSocketAddress> longer = new ArrayList<>(list);
        longer.add(more);
        return longer;
    }

    private void check(BiConsumer<SimulatedNetwork, Random> topology, int minSize, int maxSize) {
        Long single = Long.getLong("iwant.sim.seed");
        if (single != null) {
            String failure = run(single, topology, minSize, maxSize, true);
            if (failure != null) {
                fail("seed " + single + ": " + failure);
            }
            return;
        }
        List<String> reasons = LongStream.rangeClosed(1, RUNS).parallel()
                .mapToObj(seed -> {
                    String failure = run(seed, topology, minSize, maxSize, false);
                    return failure == null ? null : "seed " + seed + ": " + failure;
                }).filter(f -> f != null).toList();
        if (!reasons.isEmpty()) {
            fail(reasons.size() + " of " + RUNS + " seeds failed (rerun one with -Diwant.sim.seed=S), first "
                    + reasons.subList(0, Math.min(5, reasons.size())));
        }
    }

    private static String run(long seed, BiConsumer<SimulatedNetwork, Random> topology, int minSize, int maxSize,
                              boolean tracing) {
        Random r = new Random(seed * 0x9E3779B97F4A7C15L + 23);
        int size = minSize + r.nextInt(maxSize - minSize + 1);
        NetworkKey[] keys = new NetworkKey[size];
        if (r.nextInt(5) == 0) {
            byte[] key = new byte[NetworkKey.BYTES];
            r.nextBytes(key);
            Arrays.fill(keys, NetworkKey.of(key));
        }
        SimulatedNetwork net = new SimulatedNetwork(TIMINGS, r.nextLong(), keys, tracing);
        topology.accept(net, r);
        net.minDelay = r.nextInt(3);
        net.maxDelay = net.minDelay + 1 + r.nextInt(20);
        net.loss = r.nextDouble() * 0.05;
        if (r.nextBoolean()) {
            for (int i = 1 + r.nextInt(2); i > 0; i--) {
                net.addAdversary(ADVERSARIES[r.nextInt(ADVERSARIES.length)], r.nextInt(3_000), r.nextBoolean());
            }
        }
        long lastStart = 0;
        for (SimulatedNetwork.Node node : net.nodes) {
            long at = r.nextInt(3_000);
            lastStart = Math.max(lastStart, at);
            net.at(at, () -> net.start(node));
        }
        String failure = "never one network";
        for (long t = SAMPLE; t <= lastStart + CONVERGE; t += SAMPLE) {
            net.runUntil(t);
            if (net.violation != null) {
                failure = net.violation;
                break;
            }
            String apart = apart(net);
            failure = apart != null ? apart : t < lastStart ? "not all started" : null;
        }
        if (failure == null) {
            net.runUntil(lastStart + CONVERGE + 5_000);
            failure = net.violation != null ? net.violation : apart(net);
        }
        if (failure != null && tracing) {
            System.out.println("trace of seed " + seed + ":\n" + net.trace());
        }
        return failure;
    }

    /** Why the network is not one yet: a peer that misses another, or not one leader; null when it is one. */
    private static String apart(SimulatedNetwork net) {
        List<SimulatedNetwork.Node> alive = net.nodes.stream().filter(SimulatedNetwork.Node::alive).toList();
        for (SimulatedNetwork.Node node : alive) {
            List<String> members = node.discovery.members().stream().map(m -> m.peerId()).toList();
            for (SimulatedNetwork.Node other : alive) {
                if (other != node && !members.contains(other.id)) {
                    return node.id + " does not list " + other.id + " (it lists " + members + ")";
                }
            }
        }
        return ElectionSimulationTest.unsettled(net);
    }
}
