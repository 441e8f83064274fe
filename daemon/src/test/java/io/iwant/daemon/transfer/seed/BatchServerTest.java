package io.iwant.daemon.transfer.seed;

import io.iwant.daemon.peer.PeerServer;
import io.iwant.daemon.transfer.Files2;
import io.iwant.protocol.hash.ContentHash;
import io.iwant.protocol.peer.Transfer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class BatchServerTest {
    private static final String UNKNOWN = "395c2f5598a1643a205154c6f4c46ce36895b28e6c35660a95e5c6fd5ef9aeab";

    @TempDir
    Path tmp;

    @Test
    void the_files_served_come_in_the_order_asked_with_their_bytes_in_one_frame_and_the_others_are_left_out()
            throws Exception {
        TestContent content = new TestContent();
        Path a = Files2.random(tmp.resolve("a"), 1000, 1);
        Path b = Files2.random(tmp.resolve("b"), 70_000, 2);
        Path changed = Files2.random(tmp.resolve("changed"), 10, 3);
        Path large = Files2.random(tmp.resolve("large"), ContentHash.CHUNK_SIZE + 1, 4);
        String ha = content.addFile(a);
        String hb = content.addFile(b);
        String hc = content.addFile(changed);
        String hl = content.addFile(large);
        Files.setLastModifiedTime(changed, FileTime.from(Instant.parse("2001-01-01T00:00:00Z")));
        LongAdder files = new LongAdder();
        LongAdder bytes = new LongAdder();
        BatchServer server = new BatchServer(content, files, bytes);

        PeerServer.Reply reply = server.batch(new Transfer.BatchRequest(7, List.of(hb, UNKNOWN, hc, hl, ha)));

        assertEquals(new Transfer.BatchData(7, List.of(new Transfer.Piece(hb, 70_000), new Transfer.Piece(ha, 1000))),
                reply.message());
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.write(Files.readAllBytes(b));
        expected.write(Files.readAllBytes(a));
        byte[] got = new byte[reply.data().remaining()];
        reply.data().get(got);
        assertArrayEquals(expected.toByteArray(), got);
        assertEquals(got.length, reply.data().capacity(), "ZeroMQ sends a large frame up to its buffer's capacity");
        assertNull(reply.lease());
        assertEquals(2, files.sum());
        assertEquals(71_000, bytes.sum());
    }

    @Test
    void a_batch_of_files_it_does_not_serve_is_an_empty_answer_without_a_frame() {
        BatchServer server = new BatchServer(new TestContent(), new LongAdder(), new LongAdder());

        PeerServer.Reply reply = server.batch(new Transfer.BatchRequest(1, List.of(UNKNOWN)));

        assertEquals(new Transfer.BatchData(1, List.of()), reply.message());
        assertNull(reply.data());
    }

    @Test
    void files_past_the_byte_budget_are_left_out() throws Exception {
        TestContent content = new TestContent();
        List<String> hashes = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            hashes.add(content.addFile(Files2.random(tmp.resolve("f" + i), 300_000, 10 + i)));
        }
        BatchServer server = new BatchServer(content, new LongAdder(), new LongAdder());

        Transfer.BatchData reply = (Transfer.BatchData) server.batch(new Transfer.BatchRequest(2, hashes)).message();

        assertEquals(3, reply.pieces().size()); // 3 x 300,000 fit a MiB, 4 do not
        assertEquals(hashes.subList(0, 3), reply.pieces().stream().map(Transfer.Piece::hash).toList());
    }
}
