package io.iwant.daemon.discovery;

import io.iwant.daemon.election.Timings;
import io.iwant.protocol.discovery.Datagrams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** What a real discovery notes for doctor, on the loopback interface: its own multicast apart from the others'. */
class HearingOnLoopbackTest {
    private static final Timings FAST = new Timings(200, 40, 500, 100, 600, 500, 1_500, 200, 600);
    private final List<Discovery> started = new ArrayList<>();

    @AfterEach
    void closeAll() {
        started.forEach(Discovery::close);
    }

    private Discovery start(String id, InetSocketAddress on) throws Exception {
        Discovery discovery = new Discovery(new DiscoverySettings(id, NetworkInterface.getByName("lo"), on, List.of(),
                7001, FAST, null), new DiscoveryListener() { }, new Random(id.hashCode()), Discovery.MONOTONIC_MILLIS);
        started.add(discovery);
        discovery.start();
        return discovery;
    }

    @Test
    void a_lone_peer_hears_its_own_multicast_and_nobody_elses_until_another_peer_starts() throws Exception {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        InetSocketAddress on = new InetSocketAddress(InetAddress.getByName("239.255.78." + random.nextInt(1, 250)),
                random.nextInt(20_000, 60_000));
        Discovery a = start("peer-a", on);
        await(() -> a.hearing().ownMulticastAgo() >= 0, "peer-a hears its own multicast");
        assertTrue(a.hearing().multicastAgo().isEmpty(), "its own multicast is not someone else's: " + a.hearing());
        assertTrue(a.hearing().heardAgo().isEmpty(), a.hearing().toString());

        try (DatagramChannel stranger = DatagramChannel.open()) {
            byte[] future = {'I', 'W', 'N', 'T', 9, 0, 0};
            stranger.send(ByteBuffer.wrap(future), new InetSocketAddress(InetAddress.getLoopbackAddress(),
                    on.getPort()));
            await(() -> Integer.valueOf(9).equals(a.hearing().otherFormats().get(InetAddress.getLoopbackAddress())),
                    "a datagram of an unknown format version is noted");
            assertTrue(future[4] != Datagrams.VERSION && future[4] != Datagrams.PRIVATE_VERSION);
        }

        start("peer-b", on);
        await(() -> a.hearing().multicastAgo().containsKey(InetAddress.getLoopbackAddress()),
                "peer-a hears peer-b's multicast");
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("not within 10 s: " + what);
            }
            Thread.sleep(20);
        }
    }
}
