package io.iwant.daemon.discovery;

import org.junit.jupiter.api.Test;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which addresses a sweep covers and how fast, on virtual time. */
class SweepTest {
    private static final long START = 1_000_000;

    private static Inet4Address ip(String text) throws Exception {
        return (Inet4Address) InetAddress.getByName(text);
    }

    @Test
    void a_slash_24_is_swept_whole_but_for_this_peer_and_the_network_and_broadcast_addresses() throws Exception {
        List<InetSocketAddress> targets = Sweep.targets(SweepMode.AUTO, ip("192.168.1.77"), 24, 7377);

        assertEquals(253, targets.size());
        assertEquals(new InetSocketAddress("192.168.1.1", 7377), targets.get(0));
        assertEquals(new InetSocketAddress("192.168.1.254", 7377), targets.get(252));
        assertFalse(targets.contains(new InetSocketAddress("192.168.1.77", 7377)));
        assertEquals(253, new HashSet<>(targets).size());
    }

    @Test
    void auto_sweeps_up_to_a_slash_22_and_on_sweeps_the_slash_24_of_a_larger_subnet() throws Exception {
        assertEquals(1021, Sweep.targets(SweepMode.AUTO, ip("10.1.2.3"), 22, 7377).size());
        assertEquals(List.of(), Sweep.targets(SweepMode.AUTO, ip("10.1.2.3"), 21, 7377));
        assertEquals(List.of(), Sweep.targets(SweepMode.AUTO, ip("127.0.0.1"), 8, 7377), "lo is never swept");
        List<InetSocketAddress> slash24 = Sweep.targets(SweepMode.ON, ip("10.1.2.3"), 16, 7377);
        assertEquals(253, slash24.size());
        assertTrue(slash24.stream().allMatch(t -> t.getAddress().getHostAddress().startsWith("10.1.2.")));
        assertEquals(List.of(), Sweep.targets(SweepMode.OFF, ip("10.1.2.3"), 24, 7377));
        assertEquals(List.of(), Sweep.targets(SweepMode.ON, ip("10.1.2.3"), 31, 7377));
        assertEquals(List.of(), Sweep.targets(SweepMode.ON, ip("10.1.2.3"), 32, 7377));
        assertEquals(List.of(new InetSocketAddress("10.1.2.1", 7377)),
                Sweep.targets(SweepMode.ON, ip("10.1.2.2"), 30, 7377));
    }

    @Test
    void a_round_runs_only_while_multicast_brings_nobody_a_few_addresses_per_beacon_and_again_much_later()
            throws Exception {
        Sweep sweep = new Sweep(SweepMode.AUTO, Sweep.targets(SweepMode.AUTO, ip("192.168.1.77"), 24, 7377), START);

        assertEquals(List.of(), sweep.due(START + Sweep.FIRST_ROUND - 1, true), "multicast gets its chance first");
        assertEquals(List.of(), sweep.due(START + Sweep.FIRST_ROUND, false), "not while multicast brings someone");
        List<InetSocketAddress> swept = new ArrayList<>();
        long t = START + Sweep.FIRST_ROUND;
        for (; swept.size() < 253; t += 500) {
            List<InetSocketAddress> due = sweep.due(t, true);
            assertTrue(due.size() <= Sweep.PER_BEACON);
            assertTrue(sweep.running() || swept.size() + due.size() == 253);
            swept.addAll(due);
        }
        assertEquals(253, new HashSet<>(swept).size());
        assertTrue(t - START - Sweep.FIRST_ROUND <= 6_000, "a /24 in about 5 s: " + (t - START));
        assertTrue(sweep.swept(ip("192.168.1.200")));
        assertEquals(List.of(), sweep.due(t + Sweep.REPEAT - 1_000, true), "then it rests");
        assertEquals(Sweep.PER_BEACON, sweep.due(t + Sweep.REPEAT, true).size());
        assertEquals(2, sweep.rounds());
        assertEquals(List.of(), sweep.due(t + Sweep.REPEAT + 500, false), "multicast works again: it stops");
        assertFalse(sweep.running());
        assertEquals(253 + Sweep.PER_BEACON, sweep.sent());
    }
}
