package io.iwant.daemon.transfer.fetch;

import io.iwant.protocol.hash.ContentHash;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Windows and deadlines on virtual time. */
class PeerLinkTest {
    private static final int CHUNK = 1 << 20;
    private static final long MS = 1_000_000L;
    private final TransferSettings settings = TransferSettings.defaults();
    private final FileTask file = new FileTask(0, "0".repeat(64), 1000L * CHUNK, CHUNK,
            new byte[1000 * ContentHash.HASH_BYTES], Path.of("/tmp/x"), List.of());

    /** Feeds a link one chunk every {@code every} ms for three seconds and returns it. */
    private PeerLink fed(long every) {
        return fed(every, 3000);
    }

    /** Feeds a link one chunk every {@code every} ms for {@code millis} ms and returns it. */
    private PeerLink fed(long every, long millis) {
        PeerLink link = new PeerLink("p", "p:1", settings, 0);
        int index = 0;
        for (long t = 0; t < millis * MS; t += every * MS) {
            link.sent(file, index, t);
            link.answered(file, index, CHUNK, t + every * MS);
            index++;
            link.adapt(t + every * MS, CHUNK);
        }
        return link;
    }

    @Test
    void a_faster_peer_gets_a_bigger_window() {
        int slow = fed(40).free(); // 25 chunks a second
        int fast = fed(4).free();  // 250 chunks a second
        assertTrue(fast > slow, fast + " > " + slow);
        assertEquals(settings.maxWindow(), fed(1).free());
        assertTrue(fed(1000).free() >= 2);
    }

    @Test
    void the_window_only_grows_while_a_link_ramps_up_then_follows_the_rate() {
        // 10 chunks a second wants 2 + 10 x 150 ms = 4 requests in flight, fewer than a new link starts with
        assertEquals(settings.initialWindow(), fed(100, 1900).free(), "still ramping up");
        assertEquals(4, fed(100, 3000).free());
    }

    @Test
    void a_silent_peer_with_requests_out_is_stalled_after_its_deadline() {
        PeerLink link = fed(4);
        long now = 3000 * MS;
        link.sent(file, 999, now);
        assertFalse(link.stalled(now + settings.stallTimeout().toNanos() - MS, CHUNK));
        assertTrue(link.stalled(now + settings.stallTimeout().toNanos() + MS, CHUNK));
        assertEquals(now + settings.stallTimeout().toNanos(), link.deadline(now, CHUNK));
    }

    @Test
    void a_peer_that_falls_silent_is_judged_by_the_rate_it_had_not_by_its_decaying_rate() {
        PeerLink link = fed(100); // 10 chunks a second, then nothing
        long now = 3000 * MS;
        link.sent(file, 999, now);
        long deadline = now + settings.stallTimeout().toNanos();
        assertTrue(link.stalled(deadline + MS, CHUNK), "stalled when its deadline passes");
        PeerLink.Request r = link.inflight.values().iterator().next();
        assertTrue(link.late(r, 1, now + 600 * MS, CHUNK), "and its request is late for the end game");
    }

    @Test
    void a_new_peer_gets_longer_for_its_first_answer() {
        PeerLink link = new PeerLink("p", "p:1", settings, 0);
        link.sent(file, 0, 0);
        assertFalse(link.stalled(settings.stallTimeout().toNanos() + MS, CHUNK));
        assertTrue(link.stalled(settings.firstReply().toNanos() + MS, CHUNK));
    }

    @Test
    void old_requests_expire_oldest_first() {
        PeerLink link = new PeerLink("p", "p:1", settings, 0);
        link.sent(file, 0, 0);
        link.sent(file, 1, 500 * MS);
        assertEquals(List.of(0), link.expired(700 * MS, 600 * MS).stream().map(PeerLink.Request::index).toList());
        assertEquals(1, link.inflight.size());
    }

    @Test
    void chunks_nobody_asked_for_do_not_keep_a_stalled_peer_alive() {
        PeerLink link = fed(4);
        long now = 3000 * MS;
        link.sent(file, 999, now);
        long deadline = now + settings.stallTimeout().toNanos();
        for (long t = now; t < deadline + 10 * MS; t += 50 * MS) {
            assertEquals(null, link.answered(file, 5_000 + (int) (t / MS), CHUNK, t), "not in flight here");
        }
        assertTrue(link.stalled(deadline + MS, CHUNK), "unsolicited chunks do not count as hearing from it");
    }
}
