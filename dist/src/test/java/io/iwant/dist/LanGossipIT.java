package io.iwant.dist;

import com.fasterxml.jackson.jr.ob.JSON;
import io.iwant.protocol.control.ControlReply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Gossip on the LAN test bed with multicast unusable between some peers (each multicast island has a group of its
 * own, so the others never hear it): a chain of static peers (2 names 3, 3 names 1, 4 names 2), and two multicast
 * islands joined by one static link, each become one network within 10 s of the last start: one leader everywhere,
 * every member listed, the same search results from every peer. A hostile member that gossips addresses where no
 * peer is never gets them into anyone's members. The sweep is off there, so that only gossip joins them; without
 * it, and without static peers, the sweep of the subnet finds everyone. Root only.
 */
class LanGossipIT {
    private static final int PEERS = 4;
    private static final Duration ONE_NETWORK = Duration.ofSeconds(10);

    private Lan lan;
    private final String[] ids = new String[PEERS + 1];

    @BeforeAll
    static void needsRoot() {
        Optional<String> why = Lan.unavailable();
        if (why.isPresent()) {
            System.out.println("LanGossipIT skipped: " + why.get());
        }
        Assumptions.assumeTrue(why.isEmpty(), () -> "LanGossipIT skipped: " + why.orElse(""));
    }

    @AfterEach
    void tearDown() throws Exception {
        if (lan != null) {
            lan.close();
        }
    }

    @Test
    void a_chain_of_static_peers_without_multicast_is_one_network_within_10_s_and_spoofed_gossip_joins_nobody()
            throws Exception {
        long lastStart = start(5, new int[]{1, 2, 3, 4}, new int[]{0, 3, 1, 2});
        awaitOneNetwork("the chain 2>3>1, 4>2", lastStart);

        // no static link joins 1-2, 1-4 and 3-4: in each pair, the side that pinged the gossiped address counts the
        // other as found by gossip (the side pinged counts it under static: it came by unicast, unasked)
        int byGossip = 0;
        StringBuilder statuses = new StringBuilder();
        for (int peer = 1; peer <= PEERS; peer++) {
            Cli.Result json = Cli.run("--home", lan.home(peer).dir().toString(), "status", "--json");
            assertEquals(0, json.exit(), json.toString());
            Map<String, Object> status = JSON.std.mapFrom(json.out());
            assertEquals(ids[1], status.get("leader"));
            Map<?, ?> gossip = (Map<?, ?>) ((Map<?, ?>) status.get("discovery")).get("gossip");
            byGossip += ((Number) gossip.get("found")).intValue();
            statuses.append("\npeer ").append(peer).append(": ").append(status.get("discovery"));
        }
        assertTrue(byGossip >= 3, "the three pairs no static link joins were found by gossip:" + statuses);

        Process spoofer = lan.process(List.of("ip", "netns", "exec", lan.namespace(5), javaBin(), "-cp",
                Cli.JAR + ":" + Path.of("target/test-classes").toAbsolutePath(), SpoofingPeer.class.getName(),
                "10.77.0.5", "10.77.0.1:7377"));
        try {
            long spoofing = System.nanoTime();
            Lan.await("peer 1 hears the spoofer as a member", spoofing, ONE_NETWORK,
                    () -> lan.status(1).map(s -> s.members().stream().anyMatch(m -> m.peerId().equals(SpoofingPeer.ID)))
                            .orElse(false), () -> describe() + lan.logs(PEERS));
            Set<String> allowed = new TreeSet<>(Arrays.asList(ids).subList(1, PEERS + 1));
            allowed.add(SpoofingPeer.ID);
            while (System.nanoTime() - spoofing < Duration.ofSeconds(6).toNanos()) {
                for (int peer = 1; peer <= PEERS; peer++) {
                    for (ControlReply.Member m : lan.status(peer).orElseThrow().members()) {
                        assertTrue(allowed.contains(m.peerId()) && m.address().matches("10\\.77\\.0\\.[1-5]:\\d+"),
                                "peer " + peer + " lists " + m);
                    }
                }
                Thread.sleep(200);
            }
            assertEquals(Optional.of(ids[1]), lan.agreedLeader(new int[]{1, 2, 3, 4}), "the spoofer leads nobody\n" + describe());
        } finally {
            spoofer.destroyForcibly();
        }
    }

    @Test
    void two_multicast_islands_joined_by_one_static_link_are_one_network_within_10_s() throws Exception {
        // peers 1 and 2 share a group, peers 3 and 4 another; peer 4 names peer 2
        long lastStart = start(4, new int[]{1, 1, 2, 2}, new int[]{0, 0, 0, 2});
        awaitOneNetwork("the islands {1, 2} and {3, 4}, joined by 4>2", lastStart);
    }

    @Test
    void without_multicast_or_static_peers_the_sweep_of_the_subnet_finds_everyone() throws Exception {
        lan = new Lan();
        lan.lan("up", "3");
        long lastStart = 0;
        for (int peer = 1; peer <= 3; peer++) {
            lan.lan("start", String.valueOf(peer), "--group", "239.255.77." + (100 + peer) + ":7377");
            lastStart = System.nanoTime();
            ids[peer] = lan.peerId(peer);
        }
        // 5 s for multicast to find someone, then 253 addresses at about 50 a second
        Duration took = Lan.await("the sweep finds everyone", lastStart, Duration.ofSeconds(20),
                () -> lan.agreedLeader(3, new int[]{1, 2, 3}).equals(Optional.of(ids[1])),
                () -> describe() + lan.logs(3));
        System.out.printf("LAN gossip: the sweep: one network %d ms after the last start%n", took.toMillis());
        ControlReply.Discovery rungs = lan.status(1).orElseThrow().discovery(); // the first to sweep
        assertEquals("auto", rungs.sweep());
        assertEquals(253, rungs.sweepAddresses());
        assertTrue(rungs.sweepFound() + rungs.staticFound() + rungs.gossipFound() == 2 && rungs.sweepSent() > 0,
                rungs.toString());
    }

    /**
     * Brings up {@code size} namespaces and starts peers 1 to 4 one after another, peer i with the group of island
     * {@code islands[i-1]}, naming peer {@code peers[i-1]} (0: none), sharing a file of its own.
     *
     * @return when the last one answered, on {@link System#nanoTime()}
     */
    private long start(int size, int[] islands, int[] peers) throws Exception {
        lan = new Lan();
        lan.lan("up", String.valueOf(size));
        long lastStart = 0;
        for (int peer = 1; peer <= PEERS; peer++) {
            Path share = Files.createDirectories(lan.home(peer).dir().resolve("shared"));
            Files.writeString(share.resolve("gossip-peer-" + peer + ".txt"), "peer " + peer);
            List<String> args = new ArrayList<>(List.of("start", String.valueOf(peer), "--sweep", "off",
                    "--group", "239.255.77." + (100 + islands[peer - 1]) + ":7377"));
            if (peers[peer - 1] != 0) {
                args.addAll(List.of("--peers", "10.77.0." + peers[peer - 1] + ":7377"));
            }
            lan.lan(args.toArray(String[]::new));
            lastStart = System.nanoTime();
            ids[peer] = lan.peerId(peer);
        }
        return lastStart;
    }

    /** One leader (the oldest, peer 1) everywhere, every member listed, every file found from every peer. */
    private void awaitOneNetwork(String what, long lastStart) throws InterruptedException {
        Set<String> files = new TreeSet<>();
        for (int peer = 1; peer <= PEERS; peer++) {
            files.add("gossip-peer-" + peer + ".txt");
        }
        Duration took = Lan.await(what + " is one network", lastStart, ONE_NETWORK, () -> {
            if (!lan.agreedLeader(PEERS, new int[]{1, 2, 3, 4}).equals(Optional.of(ids[1]))) {
                return false;
            }
            for (int peer = 1; peer <= PEERS; peer++) {
                Set<String> found = lan.search(peer, "gossip peer").stream().map(ControlReply.Hit::name)
                        .collect(Collectors.toCollection(TreeSet::new));
                if (!found.equals(files)) {
                    return false;
                }
            }
            return true;
        }, () -> describe() + lan.logs(PEERS));
        System.out.printf("LAN gossip: %s: one network %d ms after the last start%n", what, took.toMillis());
    }

    private String describe() {
        StringBuilder text = new StringBuilder();
        for (int peer = 1; peer <= PEERS; peer++) {
            int p = peer;
            text.append("peer ").append(peer).append(" (").append(ids[peer]).append("): ")
                    .append(lan.status(peer).map(s -> "leader " + s.leader() + ", members "
                            + s.members().stream().map(ControlReply.Member::peerId).toList() + ", " + s.discovery()
                            + ", finds " + lan.search(p, "gossip peer").stream().map(ControlReply.Hit::name).toList())
                            .orElse("no answer")).append('\n');
        }
        return text.toString();
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
