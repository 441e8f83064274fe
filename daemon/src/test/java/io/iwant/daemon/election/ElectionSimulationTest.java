package io.iwant.daemon.election;

import io.iwant.protocol.secure.NetworkKey;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Thousands of seeded runs of 3 to 7 peers through crashes, quick restarts, clean leaves, partitions, heals, loss,
 * delay and duplication, each followed by a quiet and connected network. Properties:
 * <ul>
 * <li>after {@link #STABILIZATION} of quiet, exactly one live peer leads, every other live peer follows it with its
 *     current term and secret, it is the oldest (within the age margin), and it stays so;</li>
 * <li>at all times: no follower keeps the secret of a leadership that ended (crash, restart or step-down) for longer
 *     than a ping timeout plus delays, nor an old incarnation's secret for longer than that once it heard the new
 *     one;</li>
 * <li>at all times: no honest peer takes an adversary for its leader, and none removes a live peer whose datagrams
 *     to it all arrive (so a spoofed good-bye removes nobody).</li>
 * </ul>
 * Half of the runs add one to four adversaries that never answer a ping, acting from the start to the end: a
 * boaster (beacons and victories twice a second, uptime near the limit, terms rising to the highest), a term
 * flooder (beacons naming itself or a real peer as leader at the highest term), a good-bye spoofer (good-byes with
 * live peers' current stamps, from its own address or from the victim's), a fake-id flooder (hundreds of ids).
 * One run in {@value #PRIVATE_ONE_IN} is a private network: its datagrams are sealed and checked as between real
 * peers, the adversaries seal theirs with a key of their own, and one or two replayers resend datagrams captured
 * from the honest peers (of live and gone incarnations), from their own address or the original sender's; there,
 * also no peer ever lets in an incarnation that ended before.
 * {@code -Diwant.sim.runs=N} runs more seeds, {@code -Diwant.sim.seed=S} runs one seed and prints its trace.
 */
class ElectionSimulationTest {
    private static final Timings TIMINGS = Timings.DEFAULT;
    /** Quiet time after which the network must have settled. */
    private static final long STABILIZATION = 10_000;
    private static final long SAMPLE = 100;

    /** The adversaries without the key: they send what they like, but cannot seal it. */
    private static final SimulatedNetwork.Adversary[] STRANGERS = {SimulatedNetwork.Adversary.BOASTER,
            SimulatedNetwork.Adversary.TERM_FLOODER, SimulatedNetwork.Adversary.BYE_SPOOFER,
            SimulatedNetwork.Adversary.FAKE_IDS};
    /** One run in this many is a private network. */
    static final int PRIVATE_ONE_IN = 5;

    private record Outcome(long seed, String failure, long settledAfter, long messages, boolean hostile,
                           boolean sealed, String trace) {
    }

    @Test
    void after_any_chaos_a_quiet_connected_network_follows_its_oldest_peer() {
        Long single = Long.getLong("iwant.sim.seed");
        if (single != null) {
            Outcome outcome = run(single, true);
            System.out.println("trace of seed " + single + ":\n" + outcome.trace());
            assertTrue(outcome.failure() == null, "seed " + single + ": " + outcome.failure());
            return;
        }
        long runs = Long.getLong("iwant.sim.runs", 2_000);
        long started = System.nanoTime();
        List<Outcome> outcomes = LongStream.rangeClosed(1, runs).parallel().mapToObj(seed -> run(seed, false)).toList();
        long elapsed = (System.nanoTime() - started) / 1_000_000;
        List<Outcome> failures = outcomes.stream().filter(o -> o.failure() != null).toList();
        long[] settled = outcomes.stream().filter(o -> o.failure() == null).mapToLong(Outcome::settledAfter).sorted()
                .toArray();
        long messages = outcomes.stream().mapToLong(Outcome::messages).sum();
        long hostile = outcomes.stream().filter(Outcome::hostile).count();
        long sealed = outcomes.stream().filter(Outcome::sealed).count();
        System.out.printf("election simulation: %d runs (%d with adversaries, %d private) in %d ms, %d messages, "
                        + "%d failed; settled after quiet: median %d ms, 99th percentile %d ms, max %d ms%n", runs,
                hostile, sealed, elapsed, messages, failures.size(), percentile(settled, 50), percentile(settled, 99),
                percentile(settled, 100));
        if (!failures.isEmpty()) {
            Outcome first = failures.get(0);
            System.out.println("trace of seed " + first.seed() + ":\n" + run(first.seed(), true).trace());
            fail(failures.size() + " of " + runs + " seeds failed, first " + failures.stream().limit(10)
                    .map(o -> String.valueOf(o.seed())).toList() + " (rerun one with -Diwant.sim.seed=" + first.seed()
                    + "): " + first.failure());
        }
    }

    private static long percentile(long[] sorted, int percent) {
        if (sorted.length == 0) {
            return -1;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * percent / 100.0) - 1)];
    }

    private static Outcome run(long seed, boolean tracing) {
        Random scenario = new Random(seed * 0x9E3779B97F4A7C15L + 17);
        int size = 3 + scenario.nextInt(5);
        Random privacy = new Random(seed * 0x165667B19E3779F9L + 41);
        boolean sealed = privacy.nextInt(PRIVATE_ONE_IN) == 0;
        NetworkKey[] keys = new NetworkKey[size];
        if (sealed) {
            byte[] key = new byte[NetworkKey.BYTES];
            privacy.nextBytes(key);
            Arrays.fill(keys, NetworkKey.of(key));
        }
        SimulatedNetwork net = new SimulatedNetwork(TIMINGS, scenario.nextLong(), keys, tracing);
        net.minDelay = scenario.nextInt(3);
        net.maxDelay = net.minDelay + 1 + scenario.nextInt(scenario.nextBoolean() ? 20 : 250);
        Random hostile = new Random(seed * 0xC2B2AE3D27D4EB4FL + 29);
        int adversaries = hostile.nextBoolean() ? 1 + hostile.nextInt(4) : 0;
        for (int i = 0; i < adversaries; i++) {
            SimulatedNetwork.Adversary kind = STRANGERS[hostile.nextInt(STRANGERS.length)];
            net.addAdversary(kind, hostile.nextInt(8_000), hostile.nextBoolean());
        }
        int replayers = sealed ? 1 + privacy.nextInt(2) : 0;
        for (int i = 0; i < replayers; i++) {
            net.addAdversary(SimulatedNetwork.Adversary.REPLAYER, privacy.nextInt(8_000), privacy.nextBoolean());
        }
        boolean together = scenario.nextInt(4) == 0;
        for (SimulatedNetwork.Node node : net.nodes) {
            net.at(together ? scenario.nextInt(60) : scenario.nextInt(6_000), () -> net.start(node));
        }
        long chaosEnd = 6_000 + scenario.nextInt(24_000);
        for (long t = 1_000 + scenario.nextInt(2_000); t < chaosEnd; t += 200 + scenario.nextInt(3_000)) {
            net.at(t, () -> chaos(net, scenario, chaosEnd));
        }
        // One last blow shortly before the quiet, so that settling is measured from real disorder.
        net.at(chaosEnd - 1 - scenario.nextInt(1_500), () -> chaos(net, scenario, chaosEnd));
        net.at(chaosEnd, () -> {
            Arrays.fill(net.side, 0);
            net.loss = 0;
            net.log("quiet from here: connected, no loss");
        });
        net.runUntil(chaosEnd);
        long lastUnsettled = chaosEnd;
        String failure = null;
        Optional<Leader> settledOn = null;
        for (long t = chaosEnd + SAMPLE; t <= chaosEnd + STABILIZATION + 2_000 && failure == null; t += SAMPLE) {
            net.runUntil(t);
            if (net.violation != null) {
                failure = net.violation;
                break;
            }
            String unsettled = unsettled(net);
            if (unsettled != null) {
                lastUnsettled = t;
                if (t >= chaosEnd + STABILIZATION) {
                    failure = "not settled " + (t - chaosEnd) + " ms after the network became quiet: " + unsettled;
                }
            } else if (t >= chaosEnd + STABILIZATION) {
                Optional<Leader> now = net.nodes.stream().filter(SimulatedNetwork.Node::alive).findFirst()
                        .flatMap(n -> n.discovery.leader());
                if (settledOn == null) {
                    settledOn = now;
                } else if (!settledOn.equals(now)) {
                    failure = "the settled leadership changed from " + settledOn + " to " + now;
                }
            }
        }
        return new Outcome(seed, failure, lastUnsettled - chaosEnd, net.messages, adversaries + replayers > 0, sealed,
                net.trace());
    }

    private static void chaos(SimulatedNetwork net, Random r, long chaosEnd) {
        List<SimulatedNetwork.Node> alive = new ArrayList<>(net.nodes.stream().filter(SimulatedNetwork.Node::alive)
                .toList());
        switch (r.nextInt(10)) {
            case 0, 1, 2 -> {
                if (alive.size() >= 2) {
                    SimulatedNetwork.Node victim = r.nextInt(3) == 0
                            ? alive.get(r.nextInt(alive.size()))
                            : alive.stream().filter(n -> n.discovery.state() == State.LEADING).findFirst()
                            .orElse(alive.get(r.nextInt(alive.size())));
                    if (r.nextInt(4) == 0) {
                        net.leave(victim);
                    } else {
                        net.crash(victim);
                    }
                    int kind = r.nextInt(10);
                    long downtime = kind < 4 ? 20 + r.nextInt(700) : kind < 8 ? 700 + r.nextInt(5_000) : -1;
                    if (downtime >= 0) {
                        net.at(Math.min(net.now + downtime, chaosEnd), () -> {
                            if (!victim.alive()) {
                                net.start(victim);
                            }
                        });
                    }
                }
            }
            case 3 -> {
                int sides = 2 + r.nextInt(2);
                for (int i = 0; i < net.side.length; i++) {
                    net.side[i] = r.nextInt(sides);
                }
                net.log("partition " + Arrays.toString(net.side));
            }
            case 4 -> {
                net.side[r.nextInt(net.side.length)] = 99;
                net.log("isolate " + Arrays.toString(net.side));
            }
            case 5 -> {
                Arrays.fill(net.side, 0);
                net.log("heal");
            }
            case 6 -> net.loss = r.nextInt(3) == 0 ? 0 : r.nextDouble() * 0.4;
            case 7 -> net.duplication = r.nextDouble() * 0.2;
            case 8 -> {
                net.minDelay = r.nextInt(3);
                net.maxDelay = net.minDelay + 1 + r.nextInt(r.nextBoolean() ? 20 : 250);
            }
            default -> net.nodes.stream().filter(n -> !n.alive()).findFirst().ifPresent(net::start);
        }
    }

    /** Why the network is not (yet) in the state it must settle in; null when it is. */
    static String unsettled(SimulatedNetwork net) {
        List<SimulatedNetwork.Node> alive = net.nodes.stream().filter(SimulatedNetwork.Node::alive).toList();
        if (alive.isEmpty()) {
            return null;
        }
        List<SimulatedNetwork.Node> leaders = alive.stream().filter(n -> n.discovery.state() == State.LEADING).toList();
        if (leaders.size() != 1) {
            return leaders.size() + " leaders " + leaders.stream().map(n -> n.id).toList();
        }
        SimulatedNetwork.Node leader = leaders.get(0);
        Optional<Leader> leadership = leader.discovery.leader();
        for (SimulatedNetwork.Node node : alive) {
            if (!node.discovery.leader().equals(leadership)) {
                return node.id + " is " + node.discovery.state() + " with " + node.discovery.leader()
                        + ", not following " + leadership;
            }
        }
        long oldest = alive.stream().mapToLong(n -> n.trueStart).min().orElseThrow();
        if (leader.trueStart > oldest + TIMINGS.ageMargin()) {
            return leader.id + " leads but started " + (leader.trueStart - oldest) + " ms after the oldest live peer";
        }
        return null;
    }
}
