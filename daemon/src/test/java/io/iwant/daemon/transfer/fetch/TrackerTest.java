package io.iwant.daemon.transfer.fetch;

import org.junit.jupiter.api.Test;

import static io.iwant.daemon.transfer.fetch.Tracker.Phase.FINISHING;
import static io.iwant.daemon.transfer.fetch.Tracker.Phase.IDLE;
import static io.iwant.daemon.transfer.fetch.Tracker.Phase.LOOP;
import static io.iwant.daemon.transfer.fetch.Tracker.Phase.PREPARING;
import static io.iwant.daemon.transfer.fetch.Tracker.Phase.WAITING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrackerTest {
    private static final String HASH = "ab".repeat(32);

    @Test
    void a_download_goes_from_the_queue_through_preparation_and_the_loop_to_rest() {
        Tracker t = new Tracker(HASH);
        t.enter(WAITING);
        t.enter(PREPARING);
        t.enter(LOOP);
        t.enter(FINISHING);
        t.rest();
        assertEquals(IDLE, t.phase());
    }

    @Test
    void a_phase_it_cannot_reach_from_where_it_is_fails_loudly() {
        Tracker t = new Tracker(HASH);
        assertThrows(IllegalStateException.class, () -> t.enter(LOOP), "idle straight into the loop");
        assertThrows(IllegalStateException.class, () -> t.enter(IDLE), "idle to idle");
        t.enter(WAITING);
        assertThrows(IllegalStateException.class, () -> t.enter(LOOP), "the loop without preparation");
        t.enter(PREPARING);
        t.enter(LOOP);
        assertThrows(IllegalStateException.class, () -> t.enter(IDLE), "leaving the loop without finishing");
        assertThrows(IllegalStateException.class, () -> t.enter(WAITING), "queued while in the loop");
        assertEquals(LOOP, t.phase(), "a refused move changes nothing");
    }

    @Test
    void a_download_queued_again_meanwhile_stays_queued_when_its_last_step_rests() {
        Tracker t = new Tracker(HASH);
        t.enter(WAITING);
        t.rest();
        assertEquals(WAITING, t.phase());
    }

    @Test
    void a_cancel_makes_the_running_attempt_stale_and_a_new_request_starts_another() {
        Tracker t = new Tracker(HASH);
        t.askedFor();
        int first = t.attempt();
        assertTrue(t.current(first));
        t.cancelled();
        assertFalse(t.current(first));
        t.askedFor();
        assertFalse(t.current(first + 1), "the cancel and the new request each start an attempt");
        assertTrue(t.current(first + 2));
    }

    @Test
    void a_slot_is_given_back_once_and_a_request_made_while_busy_is_taken_once() {
        Tracker t = new Tracker(HASH);
        t.takeSlot();
        assertTrue(t.releaseSlot());
        assertFalse(t.releaseSlot());
        t.askAgain();
        assertTrue(t.takeAgain());
        assertFalse(t.takeAgain());
    }

    @Test
    void patience_counts_from_the_first_wait_of_an_attempt() {
        Tracker t = new Tracker(HASH);
        assertEquals(100, t.waitingSince(100));
        assertEquals(100, t.waitingSince(900));
        t.askedFor();
        assertEquals(900, t.waitingSince(900));
    }
}
