package io.iwant.dist;

import io.iwant.protocol.control.ControlReply;
import io.iwant.protocol.control.ControlRequest;
import io.iwant.tui.client.ControlClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Downloads on the LAN test bed: three seeders on links of 200 Mbit/s each and one downloader, each in a network
 * namespace of its own. A whole file, a seeder killed halfway, the downloader killed halfway and restarted, a
 * nested folder, and a seeder serving corrupted chunks. Root only.
 */
class LanTransferIT {
    private static final int SEEDERS = 3;
    private static final int DOWNLOADER = 4;
    private static final long SIZE = 512L << 20;
    private static final String NAME = "big.bin";

    private Lan lan;
    private LanDownloads downloads;

    @BeforeAll
    static void needsRoot() {
        Optional<String> why = Lan.unavailable();
        why.ifPresent(reason -> System.out.println("LanTransferIT skipped: " + reason));
        Assumptions.assumeTrue(why.isEmpty(), () -> "LanTransferIT skipped: " + why.orElse(""));
    }

    @AfterEach
    void tearDown() throws Exception {
        if (lan != null) {
            lan.close();
        }
    }

    private Path share(int peer) {
        return lan.home(peer).dir().resolve("shared");
    }

    private static void writeRandom(Path file, long size, long seed) throws IOException {
        Random random = new Random(seed);
        byte[] block = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long left = size; left > 0; left -= block.length) {
                random.nextBytes(block);
                out.write(block, 0, (int) Math.min(block.length, left));
            }
        }
    }

    @Test
    void three_seeders_failover_resume_folders_and_a_lying_seeder() throws Exception {
        lan = new Lan();
        downloads = new LanDownloads(lan, DOWNLOADER);
        lan.lan("up", String.valueOf(DOWNLOADER));
        for (int peer = 1; peer <= DOWNLOADER; peer++) {
            lan.lan("start", String.valueOf(peer));
        }
        writeRandom(share(1).resolve(NAME), SIZE, 42);
        for (int peer = 2; peer <= SEEDERS; peer++) {
            Files.copy(share(1).resolve(NAME), share(peer).resolve(NAME));
        }
        String original = LanDownloads.sha256(share(1).resolve(NAME));
        for (int peer = 1; peer <= SEEDERS; peer++) {
            lan.lan("rate", String.valueOf(peer), "200");
        }
        Lan.await("the three seeders are in the network index", System.nanoTime(), Duration.ofSeconds(60), () -> {
            try {
                return ((ControlReply.SearchResults) ControlClient.call(lan.home(DOWNLOADER),
                        new ControlRequest.Search("big bin", 5))).hits().stream().anyMatch(h -> h.peers() == 3);
            } catch (RuntimeException e) {
                return false;
            }
        }, () -> lan.logs(DOWNLOADER));
        String hash = downloads.hashOf("big bin", NAME);
        Path target = downloads.folder().resolve(NAME);

        // 1. the whole file from three seeders, through the real command
        long t0 = System.nanoTime();
        Cli.Result plain = Cli.run("--home", lan.home(DOWNLOADER).dir().toString(), "download", hash.substring(0, 10));
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(0, plain.exit(), plain.toString());
        assertEquals(original, LanDownloads.sha256(target));
        System.out.printf("512 MiB from 3 seeders at 200 Mbit/s each: %.1f s, %.0f Mbit/s (%.0f%% of 600)%n",
                seconds, SIZE * 8 / seconds / 1e6, SIZE * 8 / seconds / 6e8 * 100);

        // 2. a seeder dies halfway: the others take over its chunks
        downloads.survivesASeederKilledHalfway(hash, target, original, 3);

        // 3. the downloader is killed halfway and restarted: it resumes by itself, fetching little twice
        downloads.resumesAfterTheDownloaderIsKilledHalfway(hash, target, original, SIZE);

        // 4. a nested folder: hundreds of files, empty files and folders, unicode names
        Path tree = share(1).resolve("Trip Ünïcödé 旅行");
        Random random = new Random(7);
        for (int d = 0; d < 12; d++) {
            Path dir = Files.createDirectories(tree.resolve("day " + d).resolve("sub é" + (d % 3)));
            for (int f = 0; f < 25; f++) {
                byte[] bytes = new byte[random.nextInt(f % 5 == 0 ? 1 : 40_000)];
                random.nextBytes(bytes);
                Files.write(dir.resolve("photo-" + f + (f % 4 == 0 ? "-ñ.jpg" : ".jpg")), bytes);
            }
        }
        Files.createDirectories(tree.resolve("empty folder/empty inside"));
        Files.createFile(tree.resolve("empty file"));
        String folder = awaitHash("trip unicode", tree.getFileName().toString());
        Cli.Result folderRun = Cli.run("--home", lan.home(DOWNLOADER).dir().toString(), "download", folder);
        assertEquals(0, folderRun.exit(), folderRun.toString());
        assertEquals(0, Cli.exec(List.of("diff", "-r", tree.toString(),
                downloads.folder().resolve(tree.getFileName()).toString()), Duration.ofSeconds(60)).exit());

        // 5. a seeder serves corrupted chunks (the file changed behind the index's back, same size and mtime)
        Path lying = share(2).resolve(NAME);
        FileTime mtime = Files.getLastModifiedTime(lying);
        try (var channel = java.nio.channels.FileChannel.open(lying, java.nio.file.StandardOpenOption.WRITE)) {
            for (long at = 0; at < SIZE; at += 4L << 20) {
                channel.write(java.nio.ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}), at + 1000);
            }
        }
        Files.setLastModifiedTime(lying, mtime);
        Files.delete(target);
        downloads.clearList();
        Cli.Result honest = Cli.run("--home", lan.home(DOWNLOADER).dir().toString(), "download", hash);
        assertEquals(0, honest.exit(), honest.toString());
        assertEquals(original, LanDownloads.sha256(target));
    }

    private String awaitHash(String query, String name) throws InterruptedException {
        String[] found = new String[1];
        Lan.await(name + " is in the network index", System.nanoTime(), Duration.ofSeconds(30), () -> {
            try {
                found[0] = downloads.hashOf(query, name);
                return true;
            } catch (RuntimeException | AssertionError e) {
                return false;
            }
        }, () -> lan.logs(1));
        return found[0];
    }
}
