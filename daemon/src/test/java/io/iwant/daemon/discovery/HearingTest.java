package io.iwant.daemon.discovery;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.UnknownHostException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What discovery heard, for doctor: ages on the daemon's clock, and tables that stay bounded. */
class HearingTest {
    private final Hearing hearing = new Hearing();

    @Test
    void nothing_heard_is_never() {
        Hearing.Snapshot snapshot = hearing.snapshot(5_000);
        assertEquals(-1, snapshot.ownMulticastAgo());
        assertTrue(snapshot.multicastAgo().isEmpty() && snapshot.heardAgo().isEmpty());
    }

    @Test
    void a_multicast_beacon_counts_as_heard_and_as_multicast_a_unicast_datagram_only_as_heard() {
        hearing.ownMulticast(1_000);
        hearing.admitted(ip(2), true, 1_500);
        hearing.admitted(ip(3), false, 1_800);
        Hearing.Snapshot snapshot = hearing.snapshot(2_000);
        assertEquals(1_000, snapshot.ownMulticastAgo());
        assertEquals(500, snapshot.multicastAgo().get(ip(2)));
        assertFalse(snapshot.multicastAgo().containsKey(ip(3)));
        assertEquals(200, snapshot.heardAgo().get(ip(3)));
    }

    @Test
    void a_time_noted_after_the_snapshot_clock_was_read_is_never_in_the_future() {
        hearing.admitted(ip(2), true, 2_001);
        assertEquals(0, hearing.snapshot(2_000).heardAgo().get(ip(2)));
    }

    @Test
    void a_flood_of_addresses_keeps_only_the_most_recent() {
        for (int i = 0; i < 1_000; i++) {
            hearing.admitted(ip(i), true, i);
            hearing.otherFormat(ip(i), 9);
        }
        Hearing.Snapshot snapshot = hearing.snapshot(1_000);
        assertEquals(Hearing.MAX_ADDRESSES, snapshot.heardAgo().size());
        assertEquals(Hearing.MAX_ADDRESSES, snapshot.otherFormats().size());
        assertTrue(snapshot.heardAgo().containsKey(ip(999)));
        assertFalse(snapshot.heardAgo().containsKey(ip(0)));
    }

    private static InetAddress ip(int n) {
        try {
            return InetAddress.getByAddress(new byte[]{10, 77, (byte) (n >> 8), (byte) n});
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
