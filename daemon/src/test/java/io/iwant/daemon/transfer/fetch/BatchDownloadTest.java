package io.iwant.daemon.transfer.fetch;

import io.iwant.daemon.transfer.Files2;
import io.iwant.daemon.transfer.seed.Seeder;
import io.iwant.protocol.control.DownloadState;
import io.iwant.protocol.hash.ContentHash;
import io.iwant.protocol.hash.FileHasher;
import io.iwant.protocol.peer.PeerMessage;
import io.iwant.protocol.peer.Transfer;
import io.iwant.protocol.wire.Codec;
import org.junit.jupiter.api.Test;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Folders of many small files travel in batches; a seeder that lies in one is dropped and its files come from another. */
class BatchDownloadTest extends LoopbackPeers {
    /** {@code files} small files of 0 to 12,000 bytes in twelve folders, and one of three chunks. */
    private Path smallFiles(int files) throws IOException {
        Path root = tmp.resolve("src/notes");
        for (int i = 0; i < files; i++) {
            Files2.random(root.resolve("d" + i % 12).resolve("n-" + i + ".txt"), i % 17 == 0 ? 0 : (i * 7919) % 12_000,
                    i);
        }
        Files2.random(root.resolve("big.bin"), 3L * ContentHash.CHUNK_SIZE + 5, 99);
        return root;
    }

    @Test
    void a_folder_of_many_small_files_arrives_identical_in_few_requests() throws Exception {
        Path notes = smallFiles(600);
        Seeder a = seeder("a");
        String hash = a.content.addTree(notes);
        Leecher leecher = leecher();
        leecher.publish(hash, "notes", 0, true, a);

        leecher.manager.download(hash);
        Progress done = leecher.finish(hash);

        assertEquals(DownloadState.DONE, done.state(), done.reason());
        assertEquals(FolderDownloadTest.tree(notes), FolderDownloadTest.tree(leecher.downloads.resolve("notes")));
        assertTrue(a.batchesServed.get() > 0 && a.batchesServed.get() <= 600 / 10,
                a.batchesServed + " batches for 600 files");
    }

    @Test
    void a_seeder_that_does_not_take_batches_is_asked_for_one_file_at_a_time() throws Exception {
        Path notes = smallFiles(120);
        Seeder old = seeder("old");
        old.takesBatches = false;
        String hash = old.content.addTree(notes);
        Leecher leecher = leecher();
        leecher.publish(hash, "notes", 0, true, old);

        leecher.manager.download(hash);
        Progress done = leecher.finish(hash);

        assertEquals(DownloadState.DONE, done.state(), done.reason());
        assertEquals(FolderDownloadTest.tree(notes), FolderDownloadTest.tree(leecher.downloads.resolve("notes")));
        assertEquals(0, old.batchesServed.get());
    }

    /** What the hostile peer answers to a batch request. */
    enum Lie {
        /** Every file one byte longer than the folder says (and as many bytes). */
        WRONG_SIZE,
        /** Every file asked, then the first one again. */
        TOO_MANY,
        /** A file of the folder that this batch did not ask for. */
        NOT_ASKED,
        /** The right list, one byte short in the frame. */
        TRUNCATED,
        /** The right list and sizes, the bytes flipped: only the hashes show it. */
        CORRUPT,
        /** The right answer and a frame more. */
        EXTRA_FRAME,
        /** A list with bytes and no frame. */
        NO_FRAME,
        /** The right answer under an id never asked for (ignored: the batch stalls and goes to another peer). */
        WRONG_ID,
        /** Not a message. */
        GARBAGE
    }

    /** A raw ROUTER that answers every batch request with the same lie, knowing the folder's files. */
    private static final class Liar implements AutoCloseable {
        final AtomicInteger batches = new AtomicInteger();
        final Map<String, byte[]> files;
        final RawRouter router;

        Liar(ZContext context, Map<String, byte[]> files, Lie lie) {
            this.files = files;
            router = new RawRouter(context, new RawRouter.Answer() {
                @Override
                public boolean wants(PeerMessage request) {
                    return request instanceof Transfer.BatchRequest;
                }

                @Override
                public void answer(ZMQ.Socket router, PeerMessage request) throws IOException {
                    batches.incrementAndGet();
                    Liar.this.answer(router, (Transfer.BatchRequest) request, lie);
                }
            });
        }

        private void answer(ZMQ.Socket router, Transfer.BatchRequest request, Lie lie) throws IOException {
            List<String> hashes = new ArrayList<>(request.hashes());
            if (lie == Lie.TOO_MANY) {
                hashes.add(hashes.get(0));
            } else if (lie == Lie.NOT_ASKED) {
                hashes = List.of(files.keySet().stream().filter(h -> !request.hashes().contains(h)
                        && files.get(h).length > 0).findFirst().orElseThrow());
            }
            List<Transfer.Piece> pieces = new ArrayList<>();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            for (String hash : hashes) {
                byte[] content = files.get(hash).clone();
                if (lie == Lie.WRONG_SIZE) {
                    content = java.util.Arrays.copyOf(content, content.length + 1);
                } else if (lie == Lie.CORRUPT) {
                    for (int i = 0; i < content.length; i++) {
                        content[i] ^= (byte) 0x5a;
                    }
                }
                pieces.add(new Transfer.Piece(hash, content.length));
                bytes.write(content);
            }
            int id = lie == Lie.WRONG_ID ? request.id() + 1000 : request.id();
            byte[] frame = bytes.toByteArray();
            if (lie == Lie.TRUNCATED) {
                frame = java.util.Arrays.copyOf(frame, frame.length - 1);
            }
            switch (lie) {
                case GARBAGE -> router.send(new byte[] {(byte) 0xff, 1, 2, 3});
                case NO_FRAME -> router.send(Codec.encode(new Transfer.BatchData(id, pieces)));
                case EXTRA_FRAME -> {
                    router.sendMore(Codec.encode(new Transfer.BatchData(id, pieces)));
                    router.sendMore(frame);
                    router.send(new byte[1]);
                }
                default -> {
                    router.sendMore(Codec.encode(new Transfer.BatchData(id, pieces)));
                    router.send(frame);
                }
            }
        }

        SeederDirectory.Seeder endpoint() {
            return router.endpoint("liar");
        }

        @Override
        public void close() throws InterruptedException {
            router.close();
        }
    }

    /** Every file below {@code root} by content hash. */
    private static Map<String, byte[]> contents(Path root) throws IOException {
        Map<String, byte[]> files = new ConcurrentHashMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.filter(Files::isRegularFile).toList()) {
                files.put(new FileHasher().hash(p).hash(), Files.readAllBytes(p));
            }
        }
        return files;
    }

    @Test
    void a_seeder_that_lies_in_a_batch_is_dropped_and_the_batch_comes_from_another() throws Exception {
        Path notes = smallFiles(300);
        Map<String, byte[]> files = contents(notes);
        for (Lie lie : Lie.values()) {
            Seeder honest = seeder("honest-" + lie);
            String hash = honest.content.addTree(notes);
            Leecher leecher = keep(new Leecher(context, tmp.resolve("leecher-" + lie), Leecher.quick()));
            try (Liar liar = new Liar(context, files, lie)) {
                leecher.directory.put(hash, new SeederDirectory.Found("notes", 0, true,
                        List.of(honest.endpoint(), liar.endpoint())));

                leecher.manager.download(hash);
                Progress done = leecher.finish(hash);

                assertEquals(DownloadState.DONE, done.state(), lie + ": " + done.reason());
                assertEquals(FolderDownloadTest.tree(notes),
                        FolderDownloadTest.tree(leecher.downloads.resolve("notes")), lie.name());
                assertTrue(liar.batches.get() >= 1, lie + ": the liar was never asked");
                assertTrue(liar.batches.get() <= TransferSettings.defaults().initialWindow(),
                        lie + ": the liar got " + liar.batches + " batches");
            }
        }
    }
}
