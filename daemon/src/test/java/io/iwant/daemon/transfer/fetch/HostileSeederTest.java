package io.iwant.daemon.transfer.fetch;

import io.iwant.protocol.control.DownloadState;
import io.iwant.daemon.transfer.Files2;
import io.iwant.daemon.transfer.seed.Seeder;
import io.iwant.protocol.peer.PeerMessage;
import io.iwant.protocol.peer.Transfer;
import io.iwant.protocol.wire.Codec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A peer that answers chunk requests with hostile frames is dropped; the download completes from an honest one. */
class HostileSeederTest {
    private static final int MIB = 1 << 20;

    @TempDir
    Path tmp;
    private final ZContext context = new ZContext();

    @AfterEach
    void close() {
        context.close();
    }

    /** What the hostile peer sends back for a chunk request. */
    enum Answer { GARBAGE, SHORT_FRAME, EXTRA_FRAME, WRONG_LENGTH_CLAIM, NO_DATA_FRAME }

    /** A raw ROUTER that answers every chunk request the same hostile way. */
    private static final class Hostile implements AutoCloseable {
        final AtomicInteger requests = new AtomicInteger();
        final RawRouter router;

        Hostile(ZContext context, Answer answer) {
            router = new RawRouter(context, new RawRouter.Answer() {
                @Override
                public boolean wants(PeerMessage request) {
                    return request instanceof Transfer.ChunkRequest;
                }

                @Override
                public void answer(ZMQ.Socket router, PeerMessage message) {
                    requests.incrementAndGet();
                    Transfer.ChunkRequest request = (Transfer.ChunkRequest) message;
                    byte[] data = new byte[MIB];
                    switch (answer) {
                        case GARBAGE -> router.send(new byte[] {(byte) 0xff, 1, 2, 3});
                        case SHORT_FRAME -> {
                            router.sendMore(Codec.encode(new Transfer.ChunkData(request.hash(), request.index(), MIB)));
                            router.send(new byte[100]);
                        }
                        case EXTRA_FRAME -> {
                            router.sendMore(Codec.encode(new Transfer.ChunkData(request.hash(), request.index(), MIB)));
                            router.sendMore(data);
                            router.send(new byte[1]);
                        }
                        case WRONG_LENGTH_CLAIM -> {
                            router.sendMore(Codec.encode(new Transfer.ChunkData(request.hash(), request.index(), 5)));
                            router.send(new byte[5]);
                        }
                        case NO_DATA_FRAME -> router.send(
                                Codec.encode(new Transfer.ChunkData(request.hash(), request.index(), MIB)));
                    }
                }
            });
        }

        SeederDirectory.Seeder endpoint() {
            return router.endpoint("hostile");
        }

        @Override
        public void close() throws InterruptedException {
            router.close();
        }
    }

    @Test
    void every_kind_of_hostile_frame_gets_the_peer_dropped_and_the_file_still_arrives() throws Exception {
        Path original = Files2.random(tmp.resolve("src/f.bin"), 12L * MIB, 30);
        for (Answer answer : Answer.values()) {
            Path home = tmp.resolve("leecher-" + answer);
            try (Seeder honest = new Seeder(context, "honest");
                 Leecher leecher = new Leecher(context, home, Leecher.quick())) {
                Hostile hostile = new Hostile(context, answer);
                try {
                    String hash = honest.content.addFile(original);
                    honest.limit(0);
                    leecher.directory.put(hash, new SeederDirectory.Found("f.bin", Files.size(original), false,
                            java.util.List.of(honest.endpoint(), hostile.endpoint())));

                    leecher.manager.download(hash);
                    leecher.await(hash, p -> hostile.requests.get() > 0, Duration.ofSeconds(10));
                    honest.open();
                    Progress done = leecher.finish(hash);

                    assertEquals(DownloadState.DONE, done.state(), answer + ": " + done.reason());
                    assertEquals(Files2.sha256(original), Files2.sha256(leecher.downloads.resolve("f.bin")), answer.name());
                    assertTrue(hostile.requests.get() <= TransferSettings.defaults().initialWindow(),
                            answer + ": the hostile peer got " + hostile.requests + " requests");
                } finally {
                    hostile.close();
                }
            }
        }
    }

    @Test
    void seeders_whose_address_is_a_host_name_or_not_an_address_are_passed_over_and_the_file_still_arrives()
            throws Exception {
        Path original = Files2.random(tmp.resolve("src/g.bin"), 3L * MIB, 31);
        try (Seeder honest = new Seeder(context, "honest");
             Leecher leecher = new Leecher(context, tmp.resolve("leecher-names"), Leecher.quick())) {
            String hash = honest.content.addFile(original);
            leecher.directory.put(hash, new SeederDirectory.Found("g.bin", Files.size(original), false, java.util.List.of(
                    new SeederDirectory.Seeder("colon", "a:b"),
                    new SeederDirectory.Seeder("name", "localhost:" + honest.port),
                    new SeederDirectory.Seeder("unknown", "no-such-host.invalid:7378"),
                    new SeederDirectory.Seeder("wildcard", "0.0.0.0:" + honest.port),
                    honest.endpoint())));
            leecher.manager.download(hash);
            Progress done = leecher.finish(hash);
            assertEquals(DownloadState.DONE, done.state(), done.reason());
            assertEquals(Files2.sha256(original), Files2.sha256(leecher.downloads.resolve("g.bin")));
        }
    }

    @Test
    void a_download_that_would_not_fit_on_the_disk_fails_at_once_with_a_clear_reason() throws Exception {
        Path original = Files2.random(tmp.resolve("src/big.bin"), 3L * MIB, 32);
        try (Seeder seeder = new Seeder(context, "seeder");
             Leecher leecher = new Leecher(context, tmp.resolve("leecher-full"), Leecher.quick())) {
            String hash = seeder.content.addFile(original);
            leecher.publish(hash, "big.bin", Files.size(original), false, seeder);
            leecher.freeSpace = folder -> MIB;
            leecher.manager.download(hash);
            Progress failed = leecher.finish(hash);
            assertEquals(DownloadState.FAILED, failed.state());
            assertTrue(failed.reason().contains("not enough free space"), failed.reason());
            assertEquals(0, seeder.served.get(), "no chunk was fetched");
        }
    }
}
