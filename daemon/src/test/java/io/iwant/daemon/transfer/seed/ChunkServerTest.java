package io.iwant.daemon.transfer.seed;

import io.iwant.daemon.peer.PeerServer;
import io.iwant.daemon.transfer.Files2;
import io.iwant.protocol.peer.Transfer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChunkServerTest {
    @TempDir
    Path tmp;

    @Test
    void chunks_are_served_from_their_offset_as_a_frame_of_their_own() throws Exception {
        Path file = Files2.random(tmp.resolve("f.bin"), (1 << 20) + 10, 1);
        TestContent content = new TestContent();
        String hash = content.addFile(file);
        ChunkServer server = new ChunkServer(content);

        PeerServer.Reply reply = server.chunk(new Transfer.ChunkRequest(hash, 1));

        assertEquals(new Transfer.ChunkData(hash, 1, 10), reply.message());
        byte[] expected = new byte[10];
        System.arraycopy(Files.readAllBytes(file), 1 << 20, expected, 0, 10);
        byte[] got = new byte[reply.data().remaining()];
        reply.data().get(got);
        assertArrayEquals(expected, got);
        assertEquals(1, server.chunksServed());
    }

    @Test
    void a_short_chunk_from_a_pooled_buffer_is_exactly_its_bytes_and_the_buffer_comes_back() throws Exception {
        int length = 300_000;
        Path file = Files2.random(tmp.resolve("f.bin"), (1 << 20) + length, 3);
        TestContent content = new TestContent();
        String hash = content.addFile(file);
        LentBuffers buffers = new LentBuffers(1 << 20, 4);
        ChunkServer server = new ChunkServer(content, buffers);

        PeerServer.Reply reply = server.chunk(new Transfer.ChunkRequest(hash, 1));

        assertTrue(reply.data().isDirect());
        assertEquals(length, reply.data().remaining());
        assertEquals(length, reply.data().capacity(), "ZeroMQ sends a large frame up to its buffer's capacity");
        assertEquals(Transfer.chunkKey(hash, 1), reply.lease().key());
        assertEquals(0, buffers.free());
        reply.lease().release();
        assertEquals(1, buffers.free());
        assertEquals(1, buffers.live());
    }

    @Test
    void a_file_changed_since_indexing_is_refused_and_reported() throws Exception {
        Path file = Files2.random(tmp.resolve("f.bin"), 5000, 2);
        TestContent content = new TestContent();
        String hash = content.addFile(file);
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2001-01-01T00:00:00Z")));
        ChunkServer server = new ChunkServer(content);

        Transfer.Refusal refusal = assertInstanceOf(Transfer.Refusal.class,
                server.chunk(new Transfer.ChunkRequest(hash, 0)).message());
        assertEquals(Transfer.Reason.CHANGED, refusal.reason());
        assertEquals(Transfer.Reason.CHANGED, ((Transfer.Refusal) server.meta(new Transfer.MetaRequest(hash))
                .message()).reason());
        assertEquals(2, content.changedReports.get());
    }

    @Test
    void unknown_hashes_and_chunks_past_the_end_are_refused() throws Exception {
        Path file = Files2.random(tmp.resolve("f.bin"), 5000, 3);
        TestContent content = new TestContent();
        String hash = content.addFile(file);
        ChunkServer server = new ChunkServer(content);

        assertEquals(Transfer.Reason.NOT_SHARED, ((Transfer.Refusal) server.chunk(
                new Transfer.ChunkRequest("ab".repeat(32), 0)).message()).reason());
        assertEquals(Transfer.Reason.NOT_SHARED, ((Transfer.Refusal) server.meta(
                new Transfer.MetaRequest("ab".repeat(32))).message()).reason());
        assertEquals(Transfer.Reason.BAD_REQUEST, ((Transfer.Refusal) server.chunk(
                new Transfer.ChunkRequest(hash, 1)).message()).reason());
        Transfer.FileMeta meta = assertInstanceOf(Transfer.FileMeta.class,
                server.meta(new Transfer.MetaRequest(hash)).message());
        assertEquals(5000, meta.size());
    }
}
