package io.iwant.daemon.discovery;

import io.iwant.daemon.election.Timings;
import io.iwant.protocol.UserError;
import io.iwant.protocol.discovery.Datagrams;
import io.iwant.protocol.home.NetworkInterfaces;
import io.iwant.protocol.secure.NetworkKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Several discovery instances in one JVM, on the loopback interface only, each test on a group and port of its own. */
class DiscoveryTest {
    /** Faster than the daemon's, still far above loopback delays. */
    private static final Timings FAST = new Timings(200, 40, 500, 100, 600, 500, 1_500, 200, 600);
    private static final long WAIT_MILLIS = 10_000;

    private final List<Discovery> started = new ArrayList<>();
    private final NetworkInterface lo = loopback();
    private final InetSocketAddress group = new InetSocketAddress(address("239.255.77." + (1 + random(250))),
            20_000 + random(40_000));

    @AfterEach
    void closeAll() {
        started.forEach(Discovery::close);
    }

    @Test
    void peers_started_one_after_another_follow_the_first_one() {
        Recorder events = new Recorder();
        Discovery a = start("peer-a", group, List.of(), 7001, events);
        await(() -> isLeader(a, "peer-a"), "peer-a leads alone");
        awaitClearlyOlder(a);
        Discovery b = start("peer-b", group, List.of(), 7002, new Recorder());
        Discovery c = start("peer-c", group, List.of(), 7003, new Recorder());
        await(() -> allFollow("peer-a", a, b, c), "everyone follows peer-a");

        List<Peer> members = c.members();
        assertEquals(List.of("peer-c", "peer-a", "peer-b"), members.stream().map(Peer::peerId).toList());
        Peer leader = c.leader().orElseThrow();
        assertEquals(new InetSocketAddress("127.0.0.1", 7001), leader.tcpEndpoint());
        assertTrue(members.get(0).self());
        assertTrue(leader.ageMillis() > members.get(0).ageMillis(), "the leader is older than the last one started");
        await(() -> events.joined.containsAll(List.of("peer-b", "peer-c")), "peer-a heard both join");
        assertEquals(Optional.of("peer-a"), events.leaders.get(events.leaders.size() - 1));
    }

    @Test
    void when_the_leader_leaves_the_next_oldest_takes_over_and_the_others_follow() {
        Discovery a = start("peer-a", group, List.of(), 7001, new Recorder());
        await(() -> isLeader(a, "peer-a"), "peer-a leads");
        Discovery b = start("peer-b", group, List.of(), 7002, new Recorder());
        await(() -> allFollow("peer-a", a, b), "peer-b follows peer-a");
        awaitClearlyOlder(b);
        Recorder cEvents = new Recorder();
        Discovery c = start("peer-c", group, List.of(), 7003, cEvents);
        await(() -> allFollow("peer-a", a, b, c), "everyone follows peer-a");

        long closing = System.nanoTime();
        a.close();
        long closeMillis = (System.nanoTime() - closing) / 1_000_000;
        assertTrue(closeMillis < 500, "close took " + closeMillis + " ms");
        await(() -> allFollow("peer-b", b, c), "peer-b, the next oldest, leads and peer-c follows");
        await(() -> cEvents.left.contains("peer-a"), "peer-c saw peer-a leave");
        assertEquals(2, c.members().size());
    }

    @Test
    void a_static_peer_configured_on_one_side_only_joins_a_network_without_multicast_between_them() {
        InetSocketAddress otherGroup = new InetSocketAddress(group.getAddress(), group.getPort() + 1);
        Discovery a = start("peer-a", group, List.of(), 7001, new Recorder());
        await(() -> isLeader(a, "peer-a"), "peer-a leads");
        Discovery b = start("peer-b", otherGroup, List.of(new InetSocketAddress("127.0.0.1", group.getPort())), 7002,
                new Recorder());
        await(() -> allFollow("peer-a", a, b), "peer-b follows peer-a by unicast alone");
        assertEquals(2, a.members().size());
    }

    @Test
    void foreign_malformed_and_oversized_datagrams_are_counted_and_ignored() throws Exception {
        Discovery a = start("peer-a", group, List.of(), 7001, new Recorder());
        await(() -> isLeader(a, "peer-a"), "peer-a leads");
        try (DatagramChannel sender = DatagramChannel.open()) {
            sender.bind(new InetSocketAddress("127.0.0.1", 0));
            InetSocketAddress target = new InetSocketAddress("127.0.0.1", group.getPort());
            sender.send(ByteBuffer.wrap("GET / HTTP/1.0\r\n\r\n".getBytes()), target);
            byte[] ours = {'I', 'W', 'N', 'T', Datagrams.VERSION, 99, 1, 2, 3};
            sender.send(ByteBuffer.wrap(ours), target);
            sender.send(ByteBuffer.wrap(new byte[4_000]), target);
        }
        await(() -> a.stats().foreign() >= 1 && a.stats().malformed() >= 1 && a.stats().oversized() >= 1,
                "all three counted: " + a.stats());
        Discovery b = start("peer-b", group, List.of(), 7002, new Recorder());
        await(() -> allFollow("peer-a", a, b), "discovery still works");
    }

    @Test
    void private_networks_with_other_keys_and_an_open_network_on_one_group_stay_apart_and_say_why() {
        NetworkKey one = NetworkKey.generate();
        NetworkKey two = NetworkKey.generate();
        Discovery a = start("peer-a", group, List.of(), 7001, new Recorder(), one);
        await(() -> isLeader(a, "peer-a"), "peer-a leads");
        awaitClearlyOlder(a);
        Discovery b = start("peer-b", group, List.of(), 7002, new Recorder(), one);
        Discovery c = start("peer-c", group, List.of(), 7003, new Recorder(), two);
        Discovery d = start("peer-d", group, List.of(), 7004, new Recorder(), null);
        await(() -> allFollow("peer-a", a, b), "peer-b, with the same key, follows peer-a");
        await(() -> allFollow("peer-c", c) && allFollow("peer-d", d), "the others lead themselves");

        await(() -> refusedAtLeast(a, Refusal.Reason.OTHER_NETWORK, 10)
                && refusedAtLeast(a, Refusal.Reason.OPEN_PEER, 10)
                && refusedAtLeast(c, Refusal.Reason.OTHER_NETWORK, 10)
                && refusedAtLeast(d, Refusal.Reason.PRIVATE_PEER, 10), "each told the others apart: " + a.refused());
        assertTrue(allFollow("peer-a", a, b) && allFollow("peer-c", c) && allFollow("peer-d", d),
                "still apart after ten beacons of each other");
        assertEquals(0, a.stats().malformed() + a.stats().foreign(), "nothing of theirs was even decoded");
    }

    @Test
    void an_interface_is_found_by_name_or_address_and_a_missing_one_is_one_clear_sentence() {
        assertEquals("lo", NetworkInterfaces.resolve("lo").getName());
        assertEquals("lo", NetworkInterfaces.resolve("127.0.0.1").getName());
        UserError missing = assertThrows(UserError.class, () -> NetworkInterfaces.resolve("no-such-if0"));
        assertTrue(missing.getMessage().startsWith("No network interface is named or has the address no-such-if0"));
        assertEquals(new InetSocketAddress("239.255.77.77", 7377), Interfaces.parseGroup("239.255.77.77:7377"));
        assertThrows(UserError.class, () -> Interfaces.parseGroup("10.0.0.1:7377"));
        assertThrows(UserError.class, () -> Interfaces.parsePeer("10.0.0.1"));
        assertThrows(UserError.class, () -> Interfaces.parsePeer("10.0.0.1:0"));
    }

    @Test
    void the_default_interface_is_the_candidate_that_holds_the_address_of_the_default_route() {
        // Decided on loopback only: the selection logic, not the machine's real interfaces.
        InetAddress loopbackAddress = address("127.0.0.1");
        assertEquals(Optional.of(lo), NetworkInterfaces.pick(loopbackAddress, List.of(lo)));
        assertEquals(Optional.of(lo), NetworkInterfaces.pick(null, List.of(lo)), "the only candidate");
        assertEquals(Optional.empty(), NetworkInterfaces.pick(null, List.of()));
        assertEquals(Optional.empty(), NetworkInterfaces.pick(address("192.0.2.44"), List.of(lo, lo)));
    }

    @Test
    void starting_twice_is_refused() {
        Discovery a = start("peer-a", group, List.of(), 7001, new Recorder());
        assertThrows(IllegalStateException.class, a::start);
        a.close();
        a.close();
    }

    private Discovery start(String id, InetSocketAddress on, List<InetSocketAddress> peers, int tcpPort,
                            DiscoveryListener listener) {
        return start(id, on, peers, tcpPort, listener, null);
    }

    private Discovery start(String id, InetSocketAddress on, List<InetSocketAddress> peers, int tcpPort,
                            DiscoveryListener listener, NetworkKey key) {
        Discovery discovery = new Discovery(new DiscoverySettings(id, lo, on, peers, tcpPort, FAST, key), listener,
                new Random(id.hashCode()), Discovery.MONOTONIC_MILLIS);
        started.add(discovery);
        discovery.start();
        return discovery;
    }

    /** Peers started closer than the age margin count as equally old; wait until the next start is clearly later. */
    private static void awaitClearlyOlder(Discovery discovery) {
        await(() -> discovery.members().get(0).ageMillis() > 2 * FAST.ageMargin(), "a clearly older peer");
    }

    private static boolean refusedAtLeast(Discovery discovery, Refusal.Reason reason, long count) {
        return discovery.refused().stream().anyMatch(r -> r.reason() == reason && r.count() >= count
                && r.address().getHostAddress().equals("127.0.0.1"));
    }

    private static boolean isLeader(Discovery discovery, String id) {
        return discovery.leader().map(Peer::peerId).equals(Optional.of(id));
    }

    private static boolean allFollow(String id, Discovery... discoveries) {
        for (Discovery discovery : discoveries) {
            if (!isLeader(discovery, id) || discovery.members().size() != discoveries.length) {
                return false;
            }
        }
        return true;
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + WAIT_MILLIS * 1_000_000;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("not within " + WAIT_MILLIS + " ms: " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    private static final class Recorder implements DiscoveryListener {
        final List<String> joined = new CopyOnWriteArrayList<>();
        final List<String> left = new CopyOnWriteArrayList<>();
        final List<Optional<String>> leaders = new CopyOnWriteArrayList<>();

        @Override
        public void leaderChanged(Optional<Peer> leader, long term) {
            leaders.add(leader.map(Peer::peerId));
        }

        @Override
        public void memberJoined(Peer peer) {
            joined.add(peer.peerId());
        }

        @Override
        public void memberLeft(Peer peer) {
            left.add(peer.peerId());
        }
    }

    private static NetworkInterface loopback() {
        try {
            return NetworkInterface.getByName("lo");
        } catch (SocketException e) {
            throw new AssertionError(e);
        }
    }

    private static InetAddress address(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static int random(int bound) {
        return ThreadLocalRandom.current().nextInt(bound);
    }
}
