package io.iwant.daemon.transfer.fetch;

import io.iwant.daemon.store.Db;
import io.iwant.protocol.control.DownloadState;
import io.iwant.protocol.peer.PeerMessage;
import io.iwant.protocol.peer.Transfer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResumeStoreTest {
    private static final String A = "aa".repeat(32);
    private static final String B = "bb".repeat(32);

    @TempDir
    Path tmp;

    @Test
    void records_chunks_and_metadata_survive_a_reopen_and_are_forgotten_per_download() throws Exception {
        ResumeStore.Record record = new ResumeStore.Record(A, "Ça va ☃.flac", false, 123, "/dl", "/dl/x.iwant-part",
                DownloadState.DOWNLOADING, "", "");
        try (Db db = Db.open(tmp.resolve("db"))) {
            ResumeStore store = new ResumeStore(db);
            store.put(record);
            store.markDone(A, 0, 3);
            store.markDone(A, 0, 70000);
            store.markDone(A, 5, 1);
            store.markDone(B, 0, 1);
            store.putMeta(A, B, new Transfer.MetaRequest(B));
        }
        try (Db db = Db.open(tmp.resolve("db"))) {
            ResumeStore store = new ResumeStore(db);
            assertEquals(Optional.of(record), store.get(A));
            assertEquals(List.of(record), store.all());
            Map<Integer, BitSet> done = store.doneChunks(A);
            assertEquals(BitSet.valueOf(new long[] {8}), done.get(0).get(0, 64));
            assertTrue(done.get(0).get(70000));
            assertTrue(done.get(5).get(1));
            assertEquals(2, done.size(), "another download's chunks are not mixed in");
            assertEquals(Optional.<PeerMessage>of(new Transfer.MetaRequest(B)), store.meta(A, B));

            store.remove(A);
            assertEquals(Optional.empty(), store.get(A));
            assertTrue(store.doneChunks(A).isEmpty());
            assertEquals(Optional.empty(), store.meta(A, B));
            assertFalse(store.doneChunks(B).isEmpty(), "the other download keeps its state");
        }
    }

    @Test
    void chunk_buffers_are_reused_and_small_frames_stay_on_the_heap() {
        ChunkBuffers buffers = new ChunkBuffers(1 << 20, 2);
        ByteBuffer big = buffers.allocate(1 << 20).buf();
        assertTrue(big.isDirect());
        assertFalse(buffers.allocate(100).buf().isDirect());
        big.put(0, (byte) 42);
        buffers.give(big);
        ByteBuffer again = buffers.allocate(100_000).buf();
        assertEquals(100_000, again.remaining());
        assertEquals(42, again.get(0), "the same memory, handed out again");
    }
}
