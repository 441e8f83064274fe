package io.iwant.daemon.transfer.fetch;

import io.iwant.daemon.transfer.Files2;
import io.iwant.daemon.transfer.seed.Seeder;
import io.iwant.protocol.control.DownloadState;
import io.iwant.protocol.hash.ContentHash;
import io.iwant.protocol.hash.FileHasher;
import io.iwant.protocol.hash.Hex;
import io.iwant.protocol.peer.Transfer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading files while they download, from several seeders over real sockets on 127.0.0.1. */
class StreamTest extends LoopbackPeers {
    private static final int MIB = 1 << 20;

    /** What a reader of a whole file saw: the SHA-256 of its bytes and the longest wait between two reads. */
    private record Read(String sha256, long bytes, Duration longestWait) {
    }

    private static Read readAll(FileStream stream) throws Exception {
        MessageDigest md = ContentHash.sha256();
        ByteBuffer buffer = ByteBuffer.allocate(256 << 10);
        long offset = 0;
        long last = System.nanoTime();
        long longest = 0;
        while (true) {
            buffer.clear();
            int n = stream.read(offset, buffer, Duration.ofSeconds(20));
            if (n < 0) {
                break;
            }
            assertTrue(n > 0, "nothing arrived for 20 s at " + offset);
            long now = System.nanoTime();
            longest = Math.max(longest, now - last);
            last = now;
            md.update(buffer.flip());
            offset += n;
        }
        return new Read(Hex.encode(md.digest()), offset, Duration.ofNanos(longest));
    }

    private static byte[] bytes(Path file, long offset, int length) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate(length);
            while (buffer.hasRemaining() && channel.read(buffer, offset + buffer.position()) >= 0) {
                // the whole range
            }
            return buffer.array();
        }
    }

    @Test
    void a_reader_gets_the_bytes_in_order_identical_from_three_seeders_and_the_download_is_kept() throws Exception {
        Path original = Files2.random(tmp.resolve("src/film.mkv"), 40L * MIB + 777, 11);
        Seeder a = seeder("a");
        Seeder b = seeder("b");
        Seeder c = seeder("c");
        String hash = serve(original, a, b, c);
        Leecher leecher = leecher();
        leecher.publish(hash, "film.mkv", Files.size(original), false, a, b, c);

        Read read;
        try (FileStream stream = leecher.manager.stream(hash)) {
            read = readAll(stream);
            assertEquals(Files.size(original), stream.size(Duration.ofSeconds(1)));
        }

        assertEquals(Files.size(original), read.bytes());
        assertEquals(Files2.sha256(original), read.sha256());
        Progress done = leecher.finish(hash);
        assertEquals(DownloadState.DONE, done.state(), done.reason());
        assertEquals(Files.size(original), done.playable());
        assertEquals(Files2.sha256(original), Files2.sha256(leecher.downloads.resolve("film.mkv")));
        assertTrue(a.served.get() > 0 && b.served.get() > 0 && c.served.get() > 0,
                "served " + a.served + "/" + b.served + "/" + c.served);
    }

    @Test
    void a_seeder_killed_mid_stream_corrupts_nothing_and_the_stream_goes_on() throws Exception {
        Path original = Files2.random(tmp.resolve("src/live.bin"), 48L * MIB, 12);
        Seeder a = seeder("a");
        Seeder b = seeder("b");
        Seeder c = seeder("c");
        String hash = serve(original, a, b, c);
        b.afterChunk(n -> {
            if (n == 6) {
                new Thread(b::close).start(); // dies with requests in flight, some of them in the reader's window
            }
        });
        Leecher leecher = leecher();
        leecher.publish(hash, "live.bin", Files.size(original), false, a, b, c);

        Read read;
        try (FileStream stream = leecher.manager.stream(hash)) {
            read = readAll(stream);
        }

        assertEquals(Files2.sha256(original), read.sha256());
        assertTrue(b.served.get() >= 6);
        assertTrue(read.longestWait().compareTo(Duration.ofSeconds(3)) < 0, "stalled " + read.longestWait());
        assertEquals(DownloadState.DONE, leecher.finish(hash).state());
    }

    @Test
    void a_seeder_serving_corrupted_chunks_is_caught_before_a_byte_of_them_is_read() throws Exception {
        Path original = Files2.random(tmp.resolve("src/data.bin"), 24L * MIB, 13);
        Path corrupted = corruptedCopy(original, tmp.resolve("liar/data.bin"));
        Seeder honest = seeder("honest");
        Seeder liar = seeder("liar");
        String hash = honest.content.addFile(original);
        liar.content.serve(corrupted, new FileHasher().hash(original));
        honest.limit(0);
        Leecher leecher = leecher();
        leecher.publish(hash, "data.bin", Files.size(original), false, liar, honest);

        try (FileStream stream = leecher.manager.stream(hash)) {
            ByteBuffer first = ByteBuffer.allocate(MIB);
            assertEquals(0, stream.read(0, first, Duration.ofSeconds(1)), "only the liar answers: nothing to read");
            assertTrue(liar.served.get() >= 1, "the liar served " + liar.served);
            honest.open();
            Read read = readAll(stream);
            assertEquals(Files2.sha256(original), read.sha256());
        }
        assertTrue(liar.served.get() < 24, "the liar was dropped after " + liar.served + " chunks");
    }

    @Test
    void the_last_mib_of_a_file_not_started_comes_first_and_quickly() throws Exception {
        Path original = Files2.random(tmp.resolve("src/big.iso"), 64L * MIB, 14);
        Seeder a = inOrderSeeder("a");
        String hash = a.content.addFile(original);
        Leecher leecher = leecher();
        leecher.publish(hash, "big.iso", Files.size(original), false, a);

        long t0 = System.nanoTime();
        long offset = 63L * MIB;
        try (FileStream stream = leecher.manager.stream(hash, offset)) { // as a player's range opens it
            ByteBuffer last = ByteBuffer.allocate(MIB);
            while (last.hasRemaining()) {
                assertTrue(stream.read(offset + last.position(), last, Duration.ofSeconds(5)) > 0,
                        "the last MiB did not arrive; served " + a.servedChunks);
            }
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            assertArrayEquals(bytes(original, offset, MIB), last.array());
            assertTrue(took.compareTo(Duration.ofSeconds(2)) < 0, "took " + took);
            assertEquals(-1, stream.read(64L * MIB, ByteBuffer.allocate(1), Duration.ofSeconds(1)));
        }
        // the chunk the reader needs was the first asked for (the seeder serves in the order asked)
        assertEquals(Transfer.chunkKey(hash, 63), a.servedChunks.get(0));
    }

    @Test
    void a_seek_moves_the_window_there() throws Exception {
        Path original = Files2.random(tmp.resolve("src/seek.bin"), 48L * MIB, 15);
        Seeder a = seeder("a");
        String hash = a.content.addFile(original);
        a.limit(4);
        Leecher leecher = leecher();
        leecher.publish(hash, "seek.bin", Files.size(original), false, a);

        try (FileStream stream = leecher.manager.stream(hash)) {
            ByteBuffer start = ByteBuffer.allocate(MIB);
            assertTrue(stream.read(0, start, Duration.ofSeconds(5)) > 0);
            assertArrayEquals(bytes(original, 0, MIB), Arrays.copyOf(start.array(), start.position()));
            leecher.await(hash, p -> a.served.get() == 4, Duration.ofSeconds(5));
            java.util.List<String> before = java.util.List.copyOf(a.servedChunks);
            ByteBuffer middle = ByteBuffer.allocate(1000);
            long offset = 30L * MIB + 12345;
            // the seek: nothing there yet, but the window moves; what the seeder refuses meanwhile is asked again
            // from the new window, so from now on the seeder is asked for the reader's chunks, one at a time here
            assertEquals(0, stream.read(offset, middle, Duration.ofMillis(500)));
            String wanted = Transfer.chunkKey(hash, 30);
            for (int permits = 0; !a.servedChunks.contains(wanted) && permits < 16; permits++) {
                int served = a.served.get();
                a.limit(1);
                leecher.await(hash, p -> a.served.get() > served, Duration.ofSeconds(5));
            }
            assertEquals(1000, stream.read(offset, middle, Duration.ofSeconds(5)),
                    "the middle did not arrive; served " + a.servedChunks);
            assertArrayEquals(bytes(original, offset, 1000), middle.array());
            int window = (int) (ChunkPicker.STREAM_AHEAD / MIB);
            for (String key : a.servedChunks.subList(before.size(), a.servedChunks.size())) {
                int index = Integer.parseInt(key.substring(key.indexOf('/') + 1));
                assertTrue(index >= 30 && index < 30 + window, "after the seek, chunk " + index + " was served: "
                        + a.servedChunks);
            }
        }
    }

    @Test
    void a_file_already_here_is_read_from_its_place_without_asking_anyone() throws Exception {
        Path original = Files2.random(tmp.resolve("src/here.bin"), 5L * MIB + 3, 16);
        Seeder a = seeder("a");
        String hash = a.content.addFile(original);
        Leecher leecher = leecher();
        leecher.publish(hash, "here.bin", Files.size(original), false, a);
        leecher.manager.download(hash);
        assertEquals(DownloadState.DONE, leecher.finish(hash).state());
        int served = a.served.get();

        try (FileStream stream = leecher.manager.stream(hash)) {
            assertEquals(Files2.sha256(original), readAll(stream).sha256());
        }
        assertEquals(served, a.served.get(), "nothing fetched again");
        assertEquals(DownloadState.DONE, leecher.manager.progress(hash).orElseThrow().state());
    }

    @Test
    void a_file_read_while_every_slot_is_taken_starts_at_once() throws Exception {
        Path busy = Files2.random(tmp.resolve("src/busy.bin"), 8L * MIB, 17);
        Path wanted = Files2.random(tmp.resolve("src/wanted.bin"), 3L * MIB, 18);
        Seeder a = seeder("a");
        Seeder b = seeder("b");
        String busyHash = serve(busy, a);
        String wantedHash = serve(wanted, b);
        a.limit(1); // the busy download holds the only slot
        TransferSettings q = Leecher.quick();
        Leecher leecher = keep(new Leecher(context, tmp.resolve("one-slot"), new TransferSettings(1,
                q.initialWindow(), q.maxWindow(), q.maxBuffered(), q.targetQueueDelay(), q.stallTimeout(),
                q.firstReply(), q.maxBackoff(), q.lookupInterval(), q.lookupPatience(), q.metaTimeout(),
                q.maxLinks(), q.verifyThreads(), q.progressInterval())));
        leecher.publish(busyHash, "busy.bin", Files.size(busy), false, a);
        leecher.publish(wantedHash, "wanted.bin", Files.size(wanted), false, b);
        leecher.manager.download(busyHash);
        leecher.await(busyHash, p -> p.done() >= MIB, Duration.ofSeconds(10));
        leecher.manager.download(wantedHash);
        assertEquals(DownloadState.QUEUED, leecher.manager.progress(wantedHash).orElseThrow().state(),
                "a download waits for the slot");

        try (FileStream stream = leecher.manager.stream(wantedHash)) {
            assertEquals(Files2.sha256(wanted), readAll(stream).sha256());
        }
        assertEquals(DownloadState.DOWNLOADING, leecher.manager.progress(busyHash).orElseThrow().state());
    }

    @Test
    void a_reader_of_something_nobody_has_hears_why() throws Exception {
        Leecher leecher = leecher();
        try (FileStream stream = leecher.manager.stream("cd".repeat(32))) {
            IOException e = assertThrows(IOException.class,
                    () -> stream.read(0, ByteBuffer.allocate(10), Duration.ofSeconds(10)));
            assertTrue(e.getMessage().contains("no peer has"), e.getMessage());
        }
    }
}
