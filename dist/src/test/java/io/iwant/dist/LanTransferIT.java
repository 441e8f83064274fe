package io.iwant.dist;

import io.iwant.protocol.control.ControlReply;
import io.iwant.protocol.control.DownloadState;
import io.iwant.protocol.control.ControlRequest;
import io.iwant.protocol.hash.Hex;
import io.iwant.tui.client.ControlClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    private Path downloads(int peer) {
        return lan.home(peer).dir().resolve("downloads");
    }

    private Optional<ControlReply.Download> progress(String hash) {
        return lan.status(DOWNLOADER).flatMap(s -> s.transfers().stream().filter(d -> d.hash().equals(hash))
                .findFirst());
    }

    private long received() throws IOException, InterruptedException {
        String out = lan.lan("exec", String.valueOf(DOWNLOADER), "cat", "/sys/class/net/iw0/statistics/rx_bytes");
        return Long.parseLong(out.strip());
    }

    /** Starts a download in the daemon (no client waiting) and returns at once. */
    private void startDownload(String hash) {
        ControlClient.call(lan.home(DOWNLOADER), new ControlRequest.Download(hash, false));
    }

    /** Waits until the download is done; returns the longest time its byte count stood still. */
    private Duration awaitDone(String hash, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        long lastDone = -1;
        long lastMove = System.nanoTime();
        long longestStall = 0;
        while (true) {
            Optional<ControlReply.Download> d = progress(hash);
            long now = System.nanoTime();
            if (d.isPresent()) {
                if (d.get().state() == DownloadState.DONE) {
                    return Duration.ofNanos(longestStall);
                }
                if (d.get().state() == DownloadState.FAILED) {
                    throw new AssertionError("the download failed: " + d.get().reason());
                }
                if (d.get().done() != lastDone) {
                    lastDone = d.get().done();
                    lastMove = now;
                }
                longestStall = Math.max(longestStall, now - lastMove);
            }
            if (now > deadline) {
                throw new AssertionError("not done within " + limit + ": " + d + "\n" + lan.logs(DOWNLOADER));
            }
            Thread.sleep(50);
        }
    }

    private void awaitFraction(String hash, double fraction) throws InterruptedException {
        Lan.await("the download passes " + fraction, System.nanoTime(), Duration.ofSeconds(60),
                () -> progress(hash).map(d -> d.size() > 0 && d.done() >= d.size() * fraction).orElse(false),
                () -> String.valueOf(progress(hash)));
    }

    private static String sha256(Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 20];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return Hex.encode(digest.digest());
    }

    private String hashOf(String query, String name) {
        List<ControlReply.Hit> hits = ((ControlReply.SearchResults) ControlClient.call(lan.home(DOWNLOADER),
                new ControlRequest.Search(query, 20))).hits();
        return hits.stream().filter(h -> h.name().equals(name)).findFirst().orElseThrow(
                () -> new AssertionError(name + " not found: " + hits)).hash();
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
        lan.lan("up", String.valueOf(DOWNLOADER));
        for (int peer = 1; peer <= DOWNLOADER; peer++) {
            lan.lan("start", String.valueOf(peer));
        }
        writeRandom(share(1).resolve(NAME), SIZE, 42);
        for (int peer = 2; peer <= SEEDERS; peer++) {
            Files.copy(share(1).resolve(NAME), share(peer).resolve(NAME));
        }
        String original = sha256(share(1).resolve(NAME));
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
        String hash = hashOf("big bin", NAME);
        Path target = downloads(DOWNLOADER).resolve(NAME);

        // 1. the whole file from three seeders, through the real command
        long t0 = System.nanoTime();
        Cli.Result plain = Cli.run("--home", lan.home(DOWNLOADER).dir().toString(), "download", hash.substring(0, 10));
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(0, plain.exit(), plain.toString());
        assertEquals(original, sha256(target));
        System.out.printf("512 MiB from 3 seeders at 200 Mbit/s each: %.1f s, %.0f Mbit/s (%.0f%% of 600)%n",
                seconds, SIZE * 8 / seconds / 1e6, SIZE * 8 / seconds / 6e8 * 100);

        // 2. a seeder dies halfway: the others take over its chunks
        Files.delete(target);
        clearList();
        startDownload(hash);
        awaitFraction(hash, 0.4);
        lan.lan("kill", "3");
        Duration stall = awaitDone(hash, Duration.ofSeconds(90));
        assertEquals(original, sha256(target));
        System.out.printf("seeder killed halfway: longest stall %d ms%n", stall.toMillis());
        assertTrue(stall.toMillis() < 3000, "stalled for " + stall.toMillis() + " ms");

        // 3. the downloader is killed halfway and restarted: it resumes by itself, fetching little twice
        Files.delete(target);
        clearList();
        long before = received();
        startDownload(hash);
        awaitFraction(hash, 0.5);
        lan.lan("kill", String.valueOf(DOWNLOADER));
        lan.lan("start", String.valueOf(DOWNLOADER));
        awaitDone(hash, Duration.ofSeconds(120));
        long fetched = received() - before;
        assertEquals(original, sha256(target));
        System.out.printf("downloader killed halfway and restarted: %.1f%% of the file crossed the network%n",
                100.0 * fetched / SIZE);
        assertTrue(fetched < SIZE * 1.10, "fetched " + fetched + " bytes for " + SIZE);
        Cli.Result attach;
        try {
            attach = Cli.run("--home", lan.home(DOWNLOADER).dir().toString(), "download", hash);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n" + progress(hash) + "\n" + Lan.tail(lan.home(DOWNLOADER).log()));
        }
        assertEquals(0, attach.exit(), attach.toString()); // asking again attaches to the finished download

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
                downloads(DOWNLOADER).resolve(tree.getFileName()).toString()), Duration.ofSeconds(60)).exit());

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
        clearList();
        Cli.Result honest = Cli.run("--home", lan.home(DOWNLOADER).dir().toString(), "download", hash);
        assertEquals(0, honest.exit(), honest.toString());
        assertEquals(original, sha256(target));
    }

    private void clearList() {
        ControlClient.call(lan.home(DOWNLOADER), new ControlRequest.ClearFinished());
    }

    private String awaitHash(String query, String name) throws InterruptedException {
        String[] found = new String[1];
        Lan.await(name + " is in the network index", System.nanoTime(), Duration.ofSeconds(30), () -> {
            try {
                found[0] = hashOf(query, name);
                return true;
            } catch (RuntimeException | AssertionError e) {
                return false;
            }
        }, () -> lan.logs(1));
        return found[0];
    }
}
