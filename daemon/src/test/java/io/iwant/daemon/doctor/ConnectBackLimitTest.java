package io.iwant.daemon.doctor;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.UnknownHostException;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A connect-back runs at most every few seconds per asker, and only a couple at once for everyone. */
class ConnectBackLimitTest {
    private final ConnectBackLimit limit = new ConnectBackLimit();

    @Test
    void an_asker_waits_the_interval_between_two_connect_backs() {
        assertEquals(ConnectBackLimit.Verdict.GO, limit.start(ip(1), 1_000));
        limit.done(ip(1));
        assertEquals(ConnectBackLimit.Verdict.TOO_SOON, limit.start(ip(1), 1_000 + ConnectBackLimit.INTERVAL_MILLIS - 1));
        assertEquals(ConnectBackLimit.Verdict.GO, limit.start(ip(1), 1_000 + ConnectBackLimit.INTERVAL_MILLIS));
    }

    @Test
    void the_same_question_while_the_askers_connect_back_runs_is_left_to_the_running_one() {
        assertEquals(ConnectBackLimit.Verdict.GO, limit.start(ip(1), 0));
        assertEquals(ConnectBackLimit.Verdict.RUNNING, limit.start(ip(1), ConnectBackLimit.INTERVAL_MILLIS * 2));
        limit.done(ip(1));
        assertEquals(ConnectBackLimit.Verdict.GO, limit.start(ip(1), ConnectBackLimit.INTERVAL_MILLIS * 2));
    }

    @Test
    void a_flood_of_askers_runs_no_more_than_the_cap_at_once() {
        for (int i = 0; i < ConnectBackLimit.MAX_RUNNING; i++) {
            assertEquals(ConnectBackLimit.Verdict.GO, limit.start(ip(i), 0));
        }
        assertEquals(ConnectBackLimit.Verdict.BUSY, limit.start(ip(200), 0));
        limit.done(ip(0));
        assertEquals(ConnectBackLimit.Verdict.GO, limit.start(ip(200), 0), "refused as busy, so not too soon after");
    }

    @Test
    void the_table_of_askers_stays_bounded_and_forgets_the_oldest() {
        for (int i = 0; i <= ConnectBackLimit.MAX_ADDRESSES; i++) {
            assertEquals(ConnectBackLimit.Verdict.GO, limit.start(ip(i), 0));
            limit.done(ip(i));
        }
        assertEquals(ConnectBackLimit.Verdict.GO, limit.start(ip(0), 1), "the oldest was forgotten");
        assertEquals(ConnectBackLimit.Verdict.TOO_SOON, limit.start(ip(ConnectBackLimit.MAX_ADDRESSES), 1));
    }

    private static InetAddress ip(int n) {
        try {
            return InetAddress.getByAddress(new byte[]{10, 0, (byte) (n >> 8), (byte) n});
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
