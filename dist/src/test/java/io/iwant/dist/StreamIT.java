package io.iwant.dist;

import com.fasterxml.jackson.jr.ob.JSON;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code iwanto cat} and {@code iwanto play} between two real daemons on the loopback, as a user runs them. */
class StreamIT {
    private static final int MIB = 1 << 20;

    @TempDir
    Path tmp;

    private static void random(Path file, long size, long seed) throws IOException {
        Random random = new Random(seed);
        byte[] block = new byte[MIB];
        try (var out = Files.newOutputStream(file)) {
            for (long left = size; left > 0; left -= block.length) {
                random.nextBytes(block);
                out.write(block, 0, (int) Math.min(block.length, left));
            }
        }
    }

    /** The hash of what peer {@code i} finds by the exact name {@code name}, once it finds it. */
    private static String hashOf(Peers peers, int i, String name) throws InterruptedException {
        String[] hash = {null};
        Cli.await(name + " is found from peer " + i, Duration.ofSeconds(30), () -> {
            try {
                Cli.Result r = peers.cli(i, "search", name, "--json");
                if (r.exit() == 0) {
                    for (Object hit : JSON.std.listFrom(r.out())) {
                        Map<?, ?> h = (Map<?, ?>) hit;
                        if (name.equals(h.get("name"))) {
                            hash[0] = (String) h.get("hash");
                        }
                    }
                }
            } catch (IOException | InterruptedException e) {
                return false;
            }
            return hash[0] != null;
        });
        return hash[0];
    }

    /** Runs a shell pipeline with {@code iwanto} standing for the jar. */
    private static Cli.Result shell(String pipeline) throws IOException, InterruptedException {
        String iwanto = String.join(" ", Cli.command()).replace("'", "");
        return Cli.exec(List.of("bash", "-c", "set -o pipefail; " + pipeline.replace("iwanto", iwanto)),
                Duration.ofSeconds(60));
    }

    private List<Object> downloads(Peers peers, int i) throws Exception {
        return new ArrayList<>((List<?>) peers.status(i).get("downloads"));
    }

    @Test
    void cat_and_play_stream_a_file_from_another_daemon_as_it_downloads() throws Exception {
        try (Peers peers = new Peers(tmp)) {
            peers.start(0);
            peers.start(1);
            Path film = peers.share(0).resolve("film.mkv");
            random(film, 64L * MIB + 4321, 1);
            Path other = peers.share(0).resolve("other.bin");
            random(other, 160L * MIB, 2);
            Files.createDirectories(peers.share(0).resolve("album"));
            Files.writeString(peers.share(0).resolve("album/one.txt"), "one");
            String hash = hashOf(peers, 1, "film.mkv");
            String home = peers.home(1).toString();

            Path first = tmp.resolve("first");
            long t0 = System.nanoTime();
            Cli.Result head = shell("iwanto --home " + home + " cat " + hash.substring(0, 10) + " | head -c 1048576 > "
                    + first);
            System.out.printf("cat | head -c 1048576: %d ms%n", (System.nanoTime() - t0) / 1_000_000);
            assertEquals(0, head.exit(), head.toString());
            assertEquals("", head.err(), "a reader that left early is no error");
            byte[] original = Files.readAllBytes(film);
            assertArrayEquals(Arrays.copyOf(original, MIB), Files.readAllBytes(first));

            Path out = tmp.resolve("out");
            Cli.Result whole = shell("iwanto --home " + home + " cat " + hash + " > " + out);
            assertEquals(0, whole.exit(), whole.toString());
            assertEquals(-1, Files.mismatch(film, out), "cat > out is identical to the original");
            Cli.await("the download the first cat started is kept and finishes", Duration.ofSeconds(30),
                    () -> Files.exists(peers.downloads(1).resolve("film.mkv")));
            assertEquals(-1, Files.mismatch(film, peers.downloads(1).resolve("film.mkv")));

            String otherHash = hashOf(peers, 1, "other.bin");
            Cli.Result noKeep = shell("iwanto --home " + home + " cat --no-keep " + otherHash
                    + " | head -c 1048576 > /dev/null");
            assertEquals(0, noKeep.exit(), noKeep.toString());
            Cli.await("the download cat --no-keep started is stopped and forgotten", Duration.ofSeconds(10), () -> {
                try {
                    return downloads(peers, 1).stream().noneMatch(d -> otherHash.equals(((Map<?, ?>) d).get("hash")));
                } catch (Exception e) {
                    return false;
                }
            });
            Cli.await("and what it fetched is deleted", Duration.ofSeconds(10), () -> {
                try (var files = Files.list(peers.downloads(1))) {
                    return files.noneMatch(f -> f.getFileName().toString().startsWith("other.bin"));
                } catch (IOException e) {
                    return false;
                }
            });

            // play: the player here is a script that fetches the last MiB by a Range request, as a player seeking
            // to a file's index does, from a download that was stopped and forgotten just above
            Path player = tmp.resolve("player");
            Path last = tmp.resolve("last");
            Files.writeString(player, "#!/bin/sh\ncurl -sS --max-time 20 -r -1048576 -o " + last + " \"$1\"\n");
            Files.setPosixFilePermissions(player, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
            Cli.Result play = shell("IWANT_PLAYER=" + player + " iwanto --home " + home + " play " + otherHash);
            assertEquals(0, play.exit(), play.toString());
            assertTrue(play.out().matches("playing in player: http://127\\.0\\.0\\.1:\\d+/[0-9a-f]{32}/other\\.bin\n"),
                    play.out());
            byte[] tail = new byte[MIB];
            try (var file = new java.io.RandomAccessFile(other.toFile(), "r")) {
                file.seek(file.length() - MIB);
                file.readFully(tail);
            }
            assertArrayEquals(tail, Files.readAllBytes(last));

            String album = hashOf(peers, 1, "album");
            Cli.Result folder = peers.cli(1, "cat", album);
            assertEquals(1, folder.exit(), folder.toString());
            assertEquals(1, folder.err().strip().lines().count(), folder.err());
            assertTrue(folder.err().startsWith("album/ is a folder"), folder.err());
            assertEquals("", folder.out());
            assertFalse(Files.exists(peers.downloads(1).resolve("album")));
        }
    }
}
