package io.iwant.daemon.transfer.fetch;

import io.iwant.daemon.transfer.Files2;
import io.iwant.daemon.transfer.seed.Seeder;
import io.iwant.protocol.control.DownloadState;
import io.iwant.protocol.hash.FileHasher;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A downloader killed with SIGKILL halfway through a folder of many small files (in a JVM of its own, so nothing of
 * it runs after the signal) finishes after a restart with the folder identical, having fetched again at most a
 * tenth of the folder's bytes.
 */
class KilledDownloaderTest extends LoopbackPeers {
    private static final int FILES = 6000;

    @Test
    void a_downloader_killed_halfway_through_many_small_files_finishes_after_a_restart_fetching_little_again()
            throws Exception {
        Path notes = tmp.resolve("src/notes");
        for (int i = 0; i < FILES; i++) {
            Files2.random(notes.resolve("d" + i % 40).resolve("n-" + i + ".txt"), (i * 7919L) % 16_000, i);
        }
        Map<String, Long> sizes = new HashMap<>();
        long total = 0;
        try (Stream<Path> paths = Files.walk(notes)) {
            for (Path p : paths.filter(Files::isRegularFile).toList()) {
                sizes.put(new FileHasher().hash(p).hash(), Files.size(p));
                total += Files.size(p);
            }
        }
        Seeder seeder = seeder("seeder");
        String hash = seeder.content.addTree(notes);
        Path home = tmp.resolve("leecher");
        Process downloader = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), DownloaderProcess.class.getName(), home.toString(),
                hash, "notes", seeder.endpoint().endpoint())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("downloader.log").toFile()).start();
        AtomicBoolean killed = new AtomicBoolean();
        seeder.afterChunk(n -> {
            if (n >= FILES / 2 && killed.compareAndSet(false, true)) {
                downloader.destroyForcibly(); // SIGKILL
            }
            sleepQuietly(); // a slower seeder, so that the kill lands while files are on their way
        });
        try {
            assertTrue(downloader.waitFor(120, TimeUnit.SECONDS), "the downloader neither finished nor was killed");
        } finally {
            downloader.destroyForcibly();
        }
        assertTrue(killed.get(), "the downloader finished before it could be killed: "
                + Files.readString(tmp.resolve("downloader.log")));
        List<String> before = List.copyOf(seeder.servedChunks);
        seeder.afterChunk(n -> { });

        Leecher leecher = keep(new Leecher(context, home, Leecher.quick()));
        leecher.publish(hash, "notes", 0, true, seeder);
        Progress done = leecher.await(hash, p -> p.state().finished(), java.time.Duration.ofSeconds(60));

        assertEquals(DownloadState.DONE, done.state(), done.reason());
        assertEquals(FolderDownloadTest.tree(notes), FolderDownloadTest.tree(home.resolve("downloads/notes")));
        long again = 0;
        for (String chunk : seeder.servedAgain(before)) {
            again += sizes.get(chunk.substring(0, chunk.indexOf('/')));
        }
        long firstRun = 0;
        for (String chunk : before) {
            firstRun += sizes.get(chunk.substring(0, chunk.indexOf('/')));
        }
        System.out.printf("killed after %d of %d bytes were served; %d bytes (%.1f%%) fetched again%n", firstRun,
                total, again, 100.0 * again / total);
        assertFalse(firstRun >= total, "everything was served before the kill");
        assertTrue(again <= total / 10, again + " of " + total + " bytes fetched again");
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
