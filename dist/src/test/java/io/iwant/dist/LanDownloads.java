package io.iwant.dist;

import io.iwant.protocol.control.ControlReply;
import io.iwant.protocol.control.ControlRequest;
import io.iwant.protocol.control.DownloadState;
import io.iwant.protocol.hash.Hex;
import io.iwant.tui.client.ControlClient;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Downloads on the LAN test bed as one downloading peer sees them: started through its control socket, followed
 * through its status, measured by what its link received. The LAN transfer tests, open and private, share it.
 */
final class LanDownloads {
    private final Lan lan;
    private final int downloader;

    LanDownloads(Lan lan, int downloader) {
        this.lan = lan;
        this.downloader = downloader;
    }

    Path folder() {
        return lan.home(downloader).dir().resolve("downloads");
    }

    Optional<ControlReply.Download> progress(String hash) {
        return lan.status(downloader).flatMap(s -> s.transfers().stream().filter(d -> d.hash().equals(hash))
                .findFirst());
    }

    /** The bytes the downloader's link has received so far. */
    long received() throws IOException, InterruptedException {
        String out = lan.lan("exec", String.valueOf(downloader), "cat", "/sys/class/net/iw0/statistics/rx_bytes");
        return Long.parseLong(out.strip());
    }

    /** Starts a download in the daemon (no client waiting) and returns at once. */
    void start(String hash) {
        ControlClient.call(lan.home(downloader), new ControlRequest.Download(hash, false));
    }

    /** Forgets the finished downloads, so that the next one of the same hash starts afresh. */
    void clearList() {
        ControlClient.call(lan.home(downloader), new ControlRequest.ClearFinished());
    }

    /** Waits until the download is done; returns the longest time its byte count stood still. */
    Duration awaitDone(String hash, Duration limit) throws InterruptedException {
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
                throw new AssertionError("not done within " + limit + ": " + d + "\n" + lan.logs(downloader));
            }
            Thread.sleep(50);
        }
    }

    void awaitFraction(String hash, double fraction) throws InterruptedException {
        Lan.await("the download passes " + fraction, System.nanoTime(), Duration.ofSeconds(60),
                () -> progress(hash).map(d -> d.size() > 0 && d.done() >= d.size() * fraction).orElse(false),
                () -> String.valueOf(progress(hash)));
    }

    /** The hash of the hit named {@code name} that a search for {@code query} from the downloader returns. */
    String hashOf(String query, String name) {
        List<ControlReply.Hit> hits = ((ControlReply.SearchResults) ControlClient.call(lan.home(downloader),
                new ControlRequest.Search(query, 20))).hits();
        return hits.stream().filter(h -> h.name().equals(name)).findFirst().orElseThrow(
                () -> new AssertionError(name + " not found: " + hits)).hash();
    }

    /**
     * Downloads {@code hash} to {@code target} again and kills {@code seeder} once 40% is done: the other seeders
     * take over its chunks, the file arrives intact, and its byte count never stands still for 3 s.
     */
    void survivesASeederKilledHalfway(String hash, Path target, String original, int seeder) throws Exception {
        Files.delete(target);
        clearList();
        start(hash);
        awaitFraction(hash, 0.4);
        lan.lan("kill", String.valueOf(seeder));
        Duration stall = awaitDone(hash, Duration.ofSeconds(90));
        assertEquals(original, sha256(target));
        System.out.printf("seeder killed halfway: longest stall %d ms%n", stall.toMillis());
        assertTrue(stall.toMillis() < 3000, "stalled for " + stall.toMillis() + " ms");
    }

    /**
     * Downloads {@code hash} to {@code target} again, kills the downloader once half is done and starts it again as
     * it was started: it resumes by itself, less than 10% more than the file crosses its link, and asking for the
     * file again attaches to the finished download.
     */
    void resumesAfterTheDownloaderIsKilledHalfway(String hash, Path target, String original, long size)
            throws Exception {
        Files.delete(target);
        clearList();
        long before = received();
        start(hash);
        awaitFraction(hash, 0.5);
        lan.lan("restart", String.valueOf(downloader));
        awaitDone(hash, Duration.ofSeconds(120));
        long fetched = received() - before;
        assertEquals(original, sha256(target));
        System.out.printf("downloader killed halfway and restarted: %.1f%% of the file crossed the network%n",
                100.0 * fetched / size);
        assertTrue(fetched < size * 1.10, "fetched " + fetched + " bytes for " + size);
        Cli.Result attach;
        try {
            attach = Cli.run("--home", lan.home(downloader).dir().toString(), "download", hash);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n" + progress(hash) + "\n"
                    + Lan.tail(lan.home(downloader).log()));
        }
        assertEquals(0, attach.exit(), attach.toString()); // asking again attaches to the finished download
    }

    static String sha256(Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 20];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return Hex.encode(digest.digest());
    }
}
