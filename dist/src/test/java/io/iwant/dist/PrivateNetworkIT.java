package io.iwant.dist;

import com.fasterxml.jackson.jr.ob.JSON;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Private networks as a user meets them through the real jar: making a key, starting with it, seeing it in status and
 * view config by its fingerprint only, changing it and going back to open.
 */
class PrivateNetworkIT {
    /** Discovery on the loopback only, on a group and port no other test run uses. */
    private static final String TEST_GROUP = "239.255.77." + (1 + new java.util.Random().nextInt(250)) + ":"
            + (20_000 + new java.util.Random().nextInt(40_000));
    private static final Pattern KEY = Pattern.compile("([a-z2-7]{4}-){8}[a-z2-7]{4}");
    private static final Pattern FINGERPRINT = Pattern.compile("fingerprint ([0-9a-f]{12})");

    @TempDir
    Path tmp;

    @Test
    void key_new_prints_a_key_and_writes_a_private_file_that_it_never_overwrites() throws Exception {
        Cli.Result printed = Cli.run("key", "new");
        assertEquals(0, printed.exit(), printed.toString());
        assertTrue(KEY.matcher(printed.out().strip()).matches(), printed.out());
        assertEquals(1, printed.out().lines().count(), printed.out());
        assertEquals("", printed.err());

        Path file = tmp.resolve("lan.key");
        Cli.Result written = Cli.run("key", "new", file.toString());
        assertEquals(0, written.exit(), written.toString());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        String key = Files.readString(file).strip();
        assertTrue(KEY.matcher(key).matches(), key);
        assertTrue(written.out().contains("iwanto start --network-key " + file), written.out());
        assertFalse(written.out().contains(key) || written.err().contains(key), "the key stays in the file");

        Cli.Result again = Cli.run("key", "new", file.toString());
        assertEquals(1, again.exit(), again.toString());
        assertEquals(1, again.err().lines().count(), again.err());
        assertEquals(key, Files.readString(file).strip(), "the first key is kept");
    }

    @Test
    void a_key_file_others_can_read_is_refused_in_one_sentence_naming_chmod_600() throws Exception {
        Path file = tmp.resolve("open.key");
        assertEquals(0, Cli.run("key", "new", file.toString()).exit());
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        Path home = tmp.resolve("home");
        Cli.Result given = Cli.run("--home", home.toString(), "start", "--interface", "lo", "--group", TEST_GROUP,
                "--port", "0", "--network-key", file.toString());
        assertOneSentenceNaming("chmod 600 " + file, given);
        assertFalse(Files.exists(home.resolve("network.key")), "nothing saved");

        // the same file already in the home: refused at start as well
        Files.createDirectories(home);
        Files.copy(file, home.resolve("network.key"));
        Files.setPosixFilePermissions(home.resolve("network.key"), PosixFilePermissions.fromString("rw-r--r--"));
        Cli.Result saved = Cli.run("--home", home.toString(), "start", "--interface", "lo", "--group", TEST_GROUP,
                "--port", "0", "--share", Files.createDirectories(tmp.resolve("share")).toString(),
                "--downloads", tmp.resolve("downloads").toString());
        assertOneSentenceNaming("chmod 600 " + home.resolve("network.key"), saved);
    }

    @Test
    void a_private_network_shows_its_fingerprint_never_its_key_and_none_goes_back_to_open() throws Exception {
        Path home = tmp.resolve("home");
        Path share = Files.createDirectory(tmp.resolve("share"));
        Path downloads = tmp.resolve("downloads");
        Path first = tmp.resolve("first.key");
        Path second = tmp.resolve("second.key");
        String fp1 = fingerprint(Cli.run("key", "new", first.toString()));
        String fp2 = fingerprint(Cli.run("key", "new", second.toString()));
        List<String> keys = List.of(Files.readString(first).strip(), Files.readString(second).strip());
        List<String> seen = new ArrayList<>();

        try (Cli.Daemon daemon = startDaemon(home, share, downloads, "--network-key", first.toString())) {
            Cli.Result status = Cli.run("--home", home.toString(), "status");
            assertTrue(status.out().contains("network    private, key " + fp1 + "\n"), status.out());
            Map<?, ?> network = network(Cli.run("--home", home.toString(), "status", "--json"), seen);
            assertEquals("private", network.get("mode"));
            assertEquals(fp1, network.get("fingerprint"));
            String peerKey = (String) network.get("peerKey");
            assertTrue(peerKey.matches("[0-9a-f]{12}"), peerKey);
            assertEquals(network, network(Cli.run("--home", home.toString(), "view", "config", "--json"), seen));
            Cli.Result config = Cli.run("--home", home.toString(), "view", "config");
            assertTrue(config.out().contains("network          private, key " + fp1 + "\n"), config.out());
            seen.addAll(List.of(status.out(), status.err(), config.out(), config.err()));
            stop(home, daemon);
            assertTrue(daemon.output().contains("access     private, key fingerprint " + fp1 + "\n"),
                    daemon.output());
            seen.add(daemon.output());

            // stopped: view config reads the same from the home
            Cli.Result offline = Cli.run("--home", home.toString(), "view", "config");
            assertTrue(offline.out().contains("network          private, key " + fp1 + "\n"), offline.out());
            assertTrue(offline.out().contains("peer key         " + peerKey + "\n"), offline.out());
            Map<?, ?> offlineJson = network(Cli.run("--home", home.toString(), "view", "config", "--json"), seen);
            assertEquals(fp1, offlineJson.get("fingerprint"));
            seen.add(offline.out());
        }

        try (Cli.Daemon daemon = startDaemon(home, share, downloads, "--network-key", second.toString())) {
            assertEquals(fp2, network(Cli.run("--home", home.toString(), "status", "--json"), seen)
                    .get("fingerprint"));
            stop(home, daemon);
            assertTrue(daemon.output().contains("the network key changed (" + fp1 + " -> " + fp2 + "): peers that "
                    + "still have the old key are no longer let in"), daemon.output());
            seen.add(daemon.output());
        }

        try (Cli.Daemon daemon = startDaemon(home, share, downloads)) { // no option: the saved key
            assertEquals(fp2, network(Cli.run("--home", home.toString(), "status", "--json"), seen)
                    .get("fingerprint"));
            stop(home, daemon);
            seen.add(daemon.output());
        }

        try (Cli.Daemon daemon = startDaemon(home, share, downloads, "--network-key", "none")) {
            Map<?, ?> network = network(Cli.run("--home", home.toString(), "status", "--json"), seen);
            assertEquals("open", network.get("mode"));
            assertTrue(network.containsKey("fingerprint") && network.get("fingerprint") == null, network.toString());
            Cli.Result status = Cli.run("--home", home.toString(), "status");
            assertTrue(status.out().contains("network    open\n"), status.out());
            stop(home, daemon);
            assertTrue(daemon.output().contains("access     open (anyone on this segment can join; "
                    + "iwanto key new makes a private network)"), daemon.output());
            assertTrue(daemon.output().contains("the network is open now: left the private network " + fp2),
                    daemon.output());
            seen.add(daemon.output());
        }
        assertFalse(Files.exists(home.resolve("network.key")));

        seen.add(Files.readString(home.resolve("iwant.log")));
        for (String text : seen) {
            for (String key : keys) {
                assertFalse(text.contains(key), "a key was shown:\n" + text);
                assertFalse(text.contains(key.replace("-", "")), "a key was shown:\n" + text);
            }
        }
        assertNotEquals(fp1, fp2);
    }

    private Cli.Daemon startDaemon(Path home, Path share, Path downloads, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("--interface", "lo", "--group", TEST_GROUP, "--port", "0",
                "--share", share.toString(), "--downloads", downloads.toString()));
        args.addAll(List.of(more));
        return Cli.startAnswering(home, args.toArray(String[]::new));
    }

    private static void stop(Path home, Cli.Daemon daemon) throws Exception {
        assertEquals(0, Cli.run("--home", home.toString(), "stop").exit());
        assertTrue(daemon.process().waitFor(10, TimeUnit.SECONDS), "daemon process ended");
    }

    /** The {@code network} object of a {@code --json} document; the whole output joins what is checked for keys. */
    private static Map<?, ?> network(Cli.Result result, List<String> seen) throws Exception {
        assertEquals(0, result.exit(), result.toString());
        seen.add(result.out());
        seen.add(result.err());
        return (Map<?, ?>) JSON.std.mapFrom(result.out()).get("network");
    }

    private static String fingerprint(Cli.Result keyNew) {
        assertEquals(0, keyNew.exit(), keyNew.toString());
        Matcher m = FINGERPRINT.matcher(keyNew.out());
        assertTrue(m.find(), keyNew.out());
        return m.group(1);
    }

    private static void assertOneSentenceNaming(String text, Cli.Result r) {
        assertEquals(1, r.exit(), r.toString());
        assertEquals(1, r.err().lines().count(), "one sentence: " + r.err());
        assertTrue(r.err().contains(text), r.err());
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r.err());
        assertEquals("", r.out());
    }
}
