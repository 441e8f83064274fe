package io.iwant.dist;

import io.iwant.dist.hostile.Hostile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A hostile peer on the loopback attacks a real daemon through its peer socket; after each attack the daemon still
 * answers a ping and a search on a fresh connection within 100 ms, holds under 300 MiB resident, and has logged
 * nothing worse than a warning.
 */
class HostilePeerIT {
    private static final int ANSWER_MILLIS = 100;
    /** Round trips on fresh connections per check: on a busy 2-core machine one of them may wait for a core. */
    private static final int ATTEMPTS = 3;
    private static final int MAX_ATTEMPTS = 10;
    private static final long RSS_LIMIT = 300L << 20;

    @TempDir
    Path tmp;

    @Test
    void a_request_with_a_six_megabyte_hash_does_not_silence_the_peer() throws Exception {
        try (Peers peers = new Peers(tmp); Hostile hostile = new Hostile()) {
            String endpoint = startOne(peers);
            hostile.giantHash(endpoint, 6);
            assertStillServing(peers, hostile, endpoint);
        }
    }

    @Test
    void three_hundred_connections_that_announce_sixteen_megabytes_and_stall_cost_little() throws Exception {
        try (Peers peers = new Peers(tmp); Hostile hostile = new Hostile()) {
            String endpoint = startOne(peers);
            List<Socket> stalled = hostile.stalledFrames(address(endpoint), 300, 16L << 20);
            try {
                assertStillServing(peers, hostile, endpoint);
            } finally {
                Hostile.closeAll(stalled);
            }
        }
    }

    @Test
    void ten_thousand_well_framed_requests_with_worst_field_values_are_refused_and_nothing_else() throws Exception {
        try (Peers peers = new Peers(tmp); Hostile hostile = new Hostile()) {
            String endpoint = startOne(peers);
            hostile.malformedRequests(endpoint, 10_000, 20261203);
            assertStillServing(peers, hostile, endpoint);
        }
    }

    /** Starts peer 0 and returns its peer endpoint once it leads itself. */
    private static String startOne(Peers peers) throws Exception {
        peers.start(0);
        Cli.await("the peer leads itself", Duration.ofSeconds(20), () -> peers.agreedLeader(1, 0) != null);
        return selfAddress(peers.status(0));
    }

    private static void assertStillServing(Peers peers, Hostile hostile, String endpoint) throws Exception {
        List<Long> pings = new ArrayList<>();
        List<Long> searches = new ArrayList<>();
        // every one must be answered; one quick answer of each kind shows the peer is not held. Right after a flood
        // the peer has been seen to answer in about 500 ms for a second or two (its ROUTER thread woken by its poll
        // timeout, not by the socket), so it gets up to MAX_ATTEMPTS rounds to show one.
        for (int i = 0; i < MAX_ATTEMPTS && (i < ATTEMPTS || !(quick(pings) && quick(searches))); i++) {
            // a connection JeroMQ leaves unshaken is made again after the 1.5 s handshake deadline: answered within 4 s
            pings.add(hostile.ping(endpoint, 4_000));
            searches.add(hostile.search(endpoint, "slicon valey", 4_000));
        }
        System.out.printf("HostilePeerIT: pings %s ms, searches %s ms%n", pings, searches);
        assertTrue(!pings.contains(-1L) && quick(pings),
                () -> "pings answered after " + pings + " ms (-1: never)" + logTail(peers));
        assertTrue(!searches.contains(-1L) && quick(searches),
                () -> "searches answered after " + searches + " ms (-1: never)" + logTail(peers));
        assertEquals(0, peers.cli(0, "search", "anything").exit(), "a one-shot search still works");
        long rss = residentBytes(peers.daemons.get(0).process().pid());
        assertTrue(rss < RSS_LIMIT, "resident " + (rss >> 20) + " MiB");
        String log = Files.readString(peers.home(0).resolve("iwant.log"));
        List<String> worse = log.lines().filter(l -> l.contains(" ERROR ")).toList();
        assertEquals(List.of(), worse, "log lines worse than a warning");
    }

    private static boolean quick(List<Long> millis) {
        return millis.stream().anyMatch(m -> m >= 0 && m <= ANSWER_MILLIS);
    }

    private static String logTail(Peers peers) {
        try {
            List<String> lines = Files.readAllLines(peers.home(0).resolve("iwant.log"));
            return "\nthe daemon's log ends:\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 40),
                    lines.size()));
        } catch (java.io.IOException e) {
            return "\n(no log: " + e + ")";
        }
    }

    private static String selfAddress(Map<String, Object> status) {
        for (Object m : (List<?>) status.get("members")) {
            Map<?, ?> member = (Map<?, ?>) m;
            if (Boolean.TRUE.equals(member.get("self"))) {
                return (String) member.get("address");
            }
        }
        throw new AssertionError("no member is this peer: " + status);
    }

    private static InetSocketAddress address(String endpoint) {
        int colon = endpoint.lastIndexOf(':');
        return new InetSocketAddress(endpoint.substring(0, colon), Integer.parseInt(endpoint.substring(colon + 1)));
    }

    static long residentBytes(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new AssertionError("no VmRSS for " + pid);
    }
}
