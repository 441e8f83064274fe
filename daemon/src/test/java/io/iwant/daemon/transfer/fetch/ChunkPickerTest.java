package io.iwant.daemon.transfer.fetch;

import io.iwant.protocol.hash.ContentHash;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChunkPickerTest {
    private static final int CHUNK = 1 << 20;
    private final TransferSettings settings = TransferSettings.defaults();

    private static FileTask file(int ordinal, int chunks) {
        byte[] ids = new byte[chunks * ContentHash.HASH_BYTES];
        FileTask f = new FileTask(ordinal, String.format("%064x", ordinal), (long) chunks * CHUNK, CHUNK, ids,
                Path.of("/tmp/f" + ordinal), List.of());
        f.resetMissing();
        return f;
    }

    private PeerLink link(String name) {
        return new PeerLink(name, name + ":1", settings, 0);
    }

    /** A file of one chunk of {@code size} bytes. */
    private static FileTask small(int ordinal, long size) {
        FileTask f = new FileTask(ordinal, String.format("%064x", ordinal), size, CHUNK,
                new byte[ContentHash.HASH_BYTES], Path.of("/tmp/s" + ordinal), List.of());
        f.resetMissing();
        return f;
    }

    @Test
    void small_files_go_out_in_batches_up_to_a_budget_of_bytes_and_past_large_files() {
        FileTask a = small(0, 100_000);
        FileTask big = file(1, 2);
        FileTask b = small(2, 100_000);
        FileTask mid = small(3, ChunkPicker.SMALL_FILE + 1); // one chunk, but too large for a batch
        FileTask c = small(4, 100_000);
        ChunkPicker picker = new ChunkPicker(List.of(a, big, b, mid, c));
        PeerLink p = link("p");

        assertEquals(List.of(a, b), picker.nextBatch(p, true)); // a third would pass 256 KiB
        assertEquals(1, a.inflight[0]);
        assertFalse(a.missing.get(0));
        assertNull(picker.nextBatch(p, true), "the next file is large: it goes out alone");
        assertEquals(new ChunkPicker.Pick(big, 0), picker.next(p));
        assertEquals(new ChunkPicker.Pick(big, 1), picker.next(p));
        assertNull(picker.nextBatch(p, true));
        assertEquals(new ChunkPicker.Pick(mid, 0), picker.next(p));
        assertEquals(List.of(), picker.nextBatch(p, false), "no batch may start: nothing goes out");
        assertTrue(c.missing.get(0));
        assertEquals(List.of(c), picker.nextBatch(p, true));
        assertFalse(picker.anyMissing());

        picker.released(a, 0); // its batch went to a peer that stalled
        assertEquals(List.of(a), picker.nextBatch(p, true));
    }

    @Test
    void no_batch_goes_to_a_peer_that_refused_one_or_for_files_it_lacks() {
        FileTask a = small(0, 10);
        FileTask b = small(1, 10);
        ChunkPicker picker = new ChunkPicker(List.of(a, b));
        PeerLink p = link("p");
        a.excluded.add(p);
        assertEquals(List.of(b), picker.nextBatch(p, true));

        PeerLink old = link("old");
        Batch batch = old.batch(List.of(a));
        old.sent(batch, 0);
        assertEquals(1, old.refusedBatches().size());
        assertFalse(old.takesBatches());
        assertNull(picker.nextBatch(old, true));
    }

    @Test
    void a_batch_takes_one_window_slot_and_frees_it_with_its_last_file() {
        FileTask a = small(0, 10);
        FileTask b = small(1, 10);
        FileTask c = file(2, 1);
        new ChunkPicker(List.of(a, b, c)); // gives each file its slot, which names its requests
        PeerLink p = link("p");
        int free = p.free();
        Batch batch = p.batch(List.of(a, b));
        p.sent(batch, 0);
        assertEquals(free - 1, p.free());
        assertEquals(batch, p.batchInFlight(batch.id));

        p.answered(a, 0, 10, 1);
        assertEquals(free - 1, p.free());
        assertEquals(1, Batch.slots(p.expired(2, 0)), "the batch ends with b");
        assertEquals(free, p.free());
        assertNull(p.batchInFlight(batch.id));

        Batch again = p.batch(List.of(a, b));
        p.sent(again, 3);
        p.sent(c, 0, 3);
        assertEquals(2, Batch.slots(p.close(null)), "one batch and one chunk");
        assertEquals(free, p.free());
    }

    @Test
    void chunks_go_out_in_order_file_after_file() {
        FileTask a = file(0, 2);
        FileTask b = file(1, 2);
        ChunkPicker picker = new ChunkPicker(List.of(a, b));
        PeerLink p = link("p");
        assertEquals(new ChunkPicker.Pick(a, 0), picker.next(p));
        assertEquals(new ChunkPicker.Pick(a, 1), picker.next(p));
        assertEquals(new ChunkPicker.Pick(b, 0), picker.next(p));
        assertEquals(new ChunkPicker.Pick(b, 1), picker.next(p));
        assertNull(picker.next(p));
        assertFalse(picker.anyMissing());
    }

    @Test
    void a_chunk_given_back_is_picked_again_and_a_file_that_excludes_a_peer_is_skipped() {
        FileTask a = file(0, 3);
        FileTask b = file(1, 1);
        ChunkPicker picker = new ChunkPicker(List.of(a, b));
        PeerLink p = link("p");
        PeerLink q = link("q");
        picker.next(p);
        picker.next(p);
        picker.released(a, 0); // p stalled on chunk 0
        a.excluded.add(q);
        assertEquals(new ChunkPicker.Pick(b, 0), picker.next(q));
        assertNull(picker.next(q));
        assertEquals(new ChunkPicker.Pick(a, 2), picker.next(p));
        assertEquals(new ChunkPicker.Pick(a, 0), picker.next(p));
    }

    @Test
    void a_rejected_chunk_is_missing_again_unless_another_request_is_out() {
        FileTask a = file(0, 1);
        ChunkPicker picker = new ChunkPicker(List.of(a));
        picker.next(link("p"));
        a.inflight[0]--;
        a.verifying.set(0);
        picker.rejected(a, 0);
        assertTrue(picker.anyMissing());
        assertEquals(0, picker.next(link("q")).index());
    }

    @Test
    void the_end_game_asks_an_idle_peer_for_a_chunk_that_is_late_elsewhere() {
        FileTask a = file(0, 2);
        ChunkPicker picker = new ChunkPicker(List.of(a));
        PeerLink slow = link("slow");
        PeerLink fast = link("fast");
        long t0 = 1_000_000_000L;
        for (int i = 0; i < 2; i++) {
            ChunkPicker.Pick pick = picker.next(slow);
            slow.sent(pick.file(), pick.index(), t0);
        }
        assertNull(picker.duplicate(fast, List.of(slow, fast), t0 + Duration.ofMillis(100).toNanos(), CHUNK),
                "not late yet");
        ChunkPicker.Pick late = picker.duplicate(fast, List.of(slow, fast), t0 + Duration.ofSeconds(2).toNanos(),
                CHUNK);
        assertEquals(new ChunkPicker.Pick(a, 0), late);
        assertEquals(2, a.inflight[0]);
    }

    // ---- streaming: a reader's window first ----

    private static final int WINDOW = (int) (ChunkPicker.STREAM_AHEAD / CHUNK);

    /** A picker over {@code files} that follows {@code readers}. */
    private static ChunkPicker following(Readers readers, FileTask... files) {
        ChunkPicker picker = new ChunkPicker(List.of(files));
        picker.follow(readers);
        return picker;
    }

    private static List<Integer> picks(ChunkPicker picker, PeerLink link, int n) {
        List<Integer> picked = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            ChunkPicker.Pick pick = picker.next(link);
            picked.add(pick == null ? null : pick.index());
        }
        return picked;
    }

    private static List<Integer> range(int from, int to) {
        return java.util.stream.IntStream.range(from, to).boxed().toList();
    }

    @Test
    void a_reader_gets_its_window_in_order_then_the_rest_follows_in_the_usual_order() {
        FileTask a = file(0, WINDOW + 40);
        Readers readers = new Readers();
        ChunkPicker picker = following(readers, a);
        PeerLink p = link("p");
        assertEquals(List.of(0, 1, 2), picks(picker, p, 3), "nobody reads yet: the usual order");

        readers.move("player", 20L * CHUNK + 5);
        assertTrue(picker.streaming());
        assertEquals(range(20, 20 + WINDOW), picks(picker, p, WINDOW), "the window from the reader's chunk on");
        assertEquals(List.of(3, 4), picks(picker, p, 2), "window full: the usual order goes on where it was");
    }

    @Test
    void a_seek_moves_the_window_and_chunks_given_back_in_it_come_first() {
        FileTask a = file(0, 3 * WINDOW);
        Readers readers = new Readers();
        ChunkPicker picker = following(readers, a);
        PeerLink p = link("p");
        readers.move("player", 0);
        assertEquals(range(0, 4), picks(picker, p, 4));
        picker.released(a, 1); // its peer stalled

        assertEquals(1, picker.next(p).index(), "the chunk the reader needs soonest");
        readers.move("player", 2L * WINDOW * CHUNK);
        assertEquals(range(2 * WINDOW, 2 * WINDOW + 3), picks(picker, p, 3), "the window moved with the seek");
        readers.leave("player");
        assertFalse(picker.streaming());
        assertEquals(List.of(4, 5), picks(picker, p, 2), "nobody reads: the usual order again");
    }

    @Test
    void with_two_readers_the_chunk_nearest_ahead_of_either_comes_first() {
        FileTask a = file(0, 3 * WINDOW);
        Readers readers = new Readers();
        ChunkPicker picker = following(readers, a);
        PeerLink p = link("p");
        readers.move("start", 0);
        readers.move("end", (long) (3 * WINDOW - 1) * CHUNK); // a player reading the index at the end
        assertEquals(List.of(0, 3 * WINDOW - 1, 1, 2), picks(picker, p, 4));
    }

    @Test
    void a_reader_past_the_end_reads_the_last_chunk_and_a_peer_the_file_excludes_gets_none_of_the_window() {
        FileTask a = file(0, 2 * WINDOW);
        Readers readers = new Readers();
        ChunkPicker picker = following(readers, a);
        PeerLink p = link("p");
        PeerLink q = link("q");
        readers.move("player", Long.MAX_VALUE);
        a.excluded.add(q);
        assertNull(picker.next(q));
        assertEquals(2 * WINDOW - 1, picker.next(p).index());
    }

    @Test
    void the_chunk_a_reader_waits_for_is_asked_of_a_second_peer_once_it_is_late_at_the_first() {
        FileTask a = file(0, 8);
        Readers readers = new Readers();
        ChunkPicker picker = following(readers, a);
        PeerLink slow = link("slow");
        PeerLink fast = link("fast");
        long t0 = 1_000_000_000L;
        readers.move("player", 0);
        for (int i = 0; i < 3; i++) {
            ChunkPicker.Pick pick = picker.next(slow);
            slow.sent(pick.file(), pick.index(), t0);
        }
        List<PeerLink> links = List.of(slow, fast);
        assertNull(picker.overdue(fast, links, t0 + Duration.ofMillis(100).toNanos(), CHUNK), "not late yet");
        assertNull(picker.overdue(slow, links, t0 + Duration.ofSeconds(2).toNanos(), CHUNK),
                "never asked again of the peer that has it");

        ChunkPicker.Pick again = picker.overdue(fast, links, t0 + Duration.ofSeconds(2).toNanos(), CHUNK);
        assertEquals(new ChunkPicker.Pick(a, 0), again, "the chunk the reader waits for");
        assertEquals(2, a.inflight[0]);
        fast.sent(a, 0, t0 + Duration.ofSeconds(2).toNanos());
        assertNull(picker.overdue(link("third"), List.of(slow, fast, link("third")),
                t0 + Duration.ofSeconds(9).toNanos(), CHUNK), "asked twice already");
        a.done.set(0);
        a.inflight[0] = 0;
        readers.leave("player");
        assertNull(picker.overdue(fast, links, t0 + Duration.ofSeconds(9).toNanos(), CHUNK), "nobody waits");
    }
}
