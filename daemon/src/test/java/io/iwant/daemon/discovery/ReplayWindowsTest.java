package io.iwant.daemon.discovery;

import io.iwant.protocol.discovery.PeerStamp;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Counters and ages of one sender's datagrams, on virtual time: this peer's clock is {@code now}. */
class ReplayWindowsTest {
    /** The sender started at this time of this peer's clock; its uptime at {@code t} is {@code t - START}. */
    private static final long START = 1_000_000;
    private final ReplayWindows windows = new ReplayWindows(4);

    private static PeerStamp b(long sentAt) {
        return new PeerStamp("peer-b", 22, sentAt - START);
    }

    /** Datagram {@code counter} of peer-b, sent at {@code sentAt}, arriving at {@code now}. */
    private boolean arrives(long counter, long sentAt, long now) {
        return windows.accept(b(sentAt), counter, false, now);
    }

    @Test
    void each_counter_counts_once_and_datagrams_reordered_within_the_window_still_count() {
        long t = START + 10_000;
        assertTrue(arrives(5, t, t), "the first datagram heard of an incarnation");
        assertFalse(arrives(5, t, t + 1), "the same again");
        assertTrue(arrives(9, t + 4, t + 5));
        assertTrue(arrives(7, t + 2, t + 6), "overtaken on the way, it still counts");
        assertFalse(arrives(7, t + 2, t + 7));
        assertTrue(arrives(8, t + 3, t + 8));
        assertFalse(arrives(9, t + 4, t + 9));
    }

    @Test
    void what_came_before_the_first_datagram_heard_and_what_fell_out_of_the_window_never_counts() {
        long t = START + 10_000;
        assertTrue(arrives(100, t, t));
        assertFalse(arrives(99, t - 1, t + 1), "older than the first heard: a replay");
        assertFalse(arrives(1, t - 99, t + 1));
        assertTrue(arrives(100 + ReplayWindows.WINDOW + 5, t + 10, t + 11));
        assertFalse(arrives(104, t + 1, t + 12), "fell out of the window");
        assertTrue(arrives(106, t + 1, t + 12), "still inside, never seen");
    }

    @Test
    void a_copy_marked_direct_counts_once_beside_the_plain_message_of_the_same_counter() {
        long t = START + 10_000;
        assertTrue(windows.accept(b(t), 3, false, t));
        assertTrue(windows.accept(b(t), 3, true, t + 1), "the direct copy to a configured peer");
        assertFalse(windows.accept(b(t), 3, true, t + 2));
        assertFalse(windows.accept(b(t), 3, false, t + 2));
        assertTrue(windows.accept(b(t + 1), 4, true, t + 3), "the direct copy first");
        assertTrue(windows.accept(b(t + 1), 4, false, t + 3));
    }

    @Test
    void counters_below_one_and_the_largest_counter_are_handled() {
        long t = START + 10_000;
        assertFalse(arrives(0, t, t));
        assertFalse(arrives(-1, t, t));
        assertFalse(arrives(Long.MIN_VALUE, t, t));
        assertTrue(arrives(5, t, t));
        assertTrue(arrives(Long.MAX_VALUE, t, t));
        assertFalse(arrives(Long.MAX_VALUE, t, t + 1));
        assertTrue(arrives(Long.MAX_VALUE - 1, t, t + 1), "inside the window below the largest");
        assertFalse(arrives(6, t, t + 1), "far below it");
    }

    @Test
    void a_datagram_lost_on_the_way_and_delivered_later_by_someone_else_is_too_late() {
        long t = START + 10_000;
        assertTrue(arrives(1, t, t + 3));
        assertTrue(arrives(3, t + 500, t + 503), "2 was lost");
        assertFalse(arrives(2, t + 250, t + 250 + ReplayWindows.MAX_LATE_MILLIS + 10), "captured, resent later");
        assertTrue(arrives(4, t + 750, t + 753));
    }

    @Test
    void a_newer_datagram_is_too_late_too_when_it_arrives_long_after_it_was_sent() {
        long t = START + 10_000;
        assertTrue(arrives(1, t, t + 2));
        assertFalse(arrives(2, t + 500, t + 500 + ReplayWindows.MAX_LATE_MILLIS + 3),
                "the last datagrams of a peer that died, delivered by someone who captured them");
        assertTrue(arrives(3, t + 2_000, t + 2_001));
    }

    @Test
    void late_datagrams_let_in_cannot_make_fresh_ones_look_late_and_clock_drift_is_followed() {
        long t = START + 10_000;
        assertTrue(arrives(1, t, t));
        long counter = 2;
        for (int i = 0; i < 50; i++) {
            assertTrue(arrives(counter++, t, t + ReplayWindows.MAX_LATE_MILLIS - 1), "late, but not too late");
            t += 500;
            assertTrue(arrives(counter++, t, t + 1), "a fresh datagram, round " + i);
        }
        // This peer's clock runs 1 % fast against the sender's: 10 ms more per second. After 10 minutes the offset
        // has moved by 6 s, far more than the lateness allowed, and fresh datagrams still count.
        long sent = t;
        for (int second = 1; second <= 600; second++) {
            sent += 1_000;
            long arrival = sent + (sent - t) / 100 + 2;
            assertTrue(arrives(counter++, sent, arrival), "second " + second);
        }
    }

    @Test
    void the_incarnation_heard_least_recently_makes_room_and_then_counts_as_new() {
        long t = START + 10_000;
        for (int i = 0; i < 4; i++) {
            assertTrue(windows.accept(new PeerStamp("peer-" + i, i, 10_000), 10, false, t));
        }
        assertTrue(windows.accept(new PeerStamp("peer-0", 0, 10_001), 11, false, t + 1), "peer-0 heard again");
        assertTrue(windows.accept(new PeerStamp("peer-4", 4, 10_000), 10, false, t + 2), "peer-1 makes room");
        assertFalse(windows.accept(new PeerStamp("peer-0", 0, 10_000), 9, false, t + 3), "still tracked");
        assertTrue(windows.accept(new PeerStamp("peer-1", 1, 10_000), 9, false, t + 3),
                "forgotten: heard as a new incarnation, which Claimants still has to prove");
    }
}
