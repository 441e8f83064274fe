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
}
