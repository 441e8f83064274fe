package io.iwant.dist;

import com.fasterxml.jackson.jr.ob.JSON;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The daemon's life as a user sees it through the real jar. */
class LifecycleIT {
    /** Discovery on the loopback only, on a group and port no other test run uses. */
    private static final String TEST_GROUP = "239.255.77." + (1 + new java.util.Random().nextInt(250)) + ":"
            + (20_000 + new java.util.Random().nextInt(40_000));

    @TempDir
    Path tmp;

    private Cli.Daemon startDaemon(Path home, Path share, Path downloads) throws Exception {
        return Cli.startAnswering(home, "--interface", "lo", "--group", TEST_GROUP, "--port", "0",
                "--share", share.toString(),
                "--downloads", downloads.toString());
    }

    @Test
    void start_view_config_reject_bad_shares_and_stop() throws Exception {
        Path home = tmp.resolve("home");
        Path share = Files.createDirectory(tmp.resolve("share"));
        Path downloads = tmp.resolve("downloads");
        try (Cli.Daemon daemon = startDaemon(home, share, downloads)) {
            Cli.Result config = Cli.run("--home", home.toString(), "view", "config", "--json");
            assertEquals(0, config.exit(), config.toString());
            Map<String, Object> json = JSON.std.mapFrom(config.out());
            assertEquals(share.toRealPath().toString(), json.get("share"));
            assertEquals(downloads.toRealPath().toString(), json.get("downloads"));

            byte[] before = Files.readAllBytes(home.resolve("config.properties"));
            for (String bad : List.of(downloads.toString(), downloads.resolve("inner").toString(),
                    tmp.resolve("missing").toString(), tmp.toString())) {
                if (bad.endsWith("inner")) {
                    Files.createDirectories(Path.of(bad));
                }
                Cli.Result rejected = Cli.run("--home", home.toString(), "share", bad);
                assertEquals(1, rejected.exit(), rejected.toString());
                assertEquals(1, rejected.err().strip().lines().count(), "one sentence: " + rejected.err());
                assertFalse(rejected.err().contains("Exception"), rejected.err());
            }
            assertEquals(new String(before), new String(Files.readAllBytes(home.resolve("config.properties"))));

            Cli.Result stop = Cli.run("--home", home.toString(), "stop");
            assertEquals(0, stop.exit(), stop.toString());
            assertTrue(daemon.process().waitFor(5, TimeUnit.SECONDS), "daemon process ended");
            assertEquals(0, daemon.process().exitValue(), daemon.output());
            assertFalse(Files.exists(home.resolve("control.sock")));
            assertTrue(daemon.output().contains("running"), daemon.output());
        }
    }

    @Test
    void sigterm_shuts_the_daemon_down_cleanly_within_two_seconds() throws Exception {
        Path home = tmp.resolve("home");
        Path share = Files.createDirectory(tmp.resolve("share"));
        try (Cli.Daemon daemon = startDaemon(home, share, tmp.resolve("downloads"))) {
            long t0 = System.nanoTime();
            daemon.process().destroy(); // SIGTERM
            assertTrue(daemon.process().waitFor(2, TimeUnit.SECONDS), "gone within 2 s");
            System.out.printf("SIGTERM to exit: %d ms%n", (System.nanoTime() - t0) / 1_000_000);
            assertFalse(Files.exists(home.resolve("control.sock")), "socket removed");
            // the database was closed cleanly: a new daemon opens it at once
            try (Cli.Daemon again = startDaemon(home, share, tmp.resolve("downloads"))) {
                assertEquals(0, Cli.run("--home", home.toString(), "stop").exit());
            }
        }
    }

    @Test
    void a_second_daemon_on_the_same_home_exits_1_and_a_killed_one_leaves_nothing_in_the_way() throws Exception {
        Path home = tmp.resolve("home");
        Path share = Files.createDirectory(tmp.resolve("share"));
        try (Cli.Daemon daemon = startDaemon(home, share, tmp.resolve("downloads"))) {
            Cli.Result second = Cli.run("--home", home.toString(), "start", "--interface", "lo", "--group", TEST_GROUP,
                    "--port", "0");
            assertEquals(1, second.exit(), second.toString());
            assertTrue(second.err().startsWith("another iwant daemon is already running"), second.err());
            daemon.process().destroyForcibly(); // SIGKILL: stale socket and lock file stay behind
            daemon.process().waitFor(5, TimeUnit.SECONDS);
            assertTrue(Files.exists(home.resolve("control.sock")));
            try (Cli.Daemon again = startDaemon(home, share, tmp.resolve("downloads"))) {
                assertEquals(0, Cli.run("--home", home.toString(), "status").exit());
                assertEquals(0, Cli.run("--home", home.toString(), "stop").exit());
            }
        }
    }

    @Test
    void clients_without_a_daemon_exit_3_with_one_sentence() throws Exception {
        Path home = tmp.resolve("nobody");
        for (List<String> args : List.of(List.of("status"), List.of("stop"), List.of("search", "x"),
                List.of("download", "abcdef"))) {
            List<String> all = new java.util.ArrayList<>(List.of("--home", home.toString()));
            all.addAll(args);
            Cli.Result r = Cli.run(all.toArray(String[]::new));
            assertEquals(3, r.exit(), args + ": " + r);
            assertEquals("iwant daemon is not running (start it with: iwanto start)\n", r.err());
        }
        Cli.Result config = Cli.run("--home", home.toString(), "view", "config");
        assertEquals(0, config.exit(), "view config shows what the home has saved: " + config);
        assertTrue(config.out().contains("daemon           not running"), config.out());
        assertFalse(Files.exists(home), "and creates nothing");
    }

    @Test
    void share_and_download_to_edit_the_config_when_no_daemon_runs() throws Exception {
        Path home = tmp.resolve("home");
        Path share = Files.createDirectory(tmp.resolve("share"));
        Path downloads = tmp.resolve("dl");
        assertEquals(0, Cli.run("--home", home.toString(), "share", share.toString()).exit());
        Cli.Result to = Cli.run("--home", home.toString(), "download", "to", downloads.toString());
        assertEquals(0, to.exit(), to.toString());
        String config = Files.readString(home.resolve("config.properties"));
        assertTrue(config.contains("share=" + share.toRealPath()), config);
        assertTrue(config.contains("downloads=" + downloads.toRealPath()), config);
        Cli.Result nested = Cli.run("--home", home.toString(), "download", "to", share.resolve("x").toString());
        assertEquals(1, nested.exit(), nested.toString());
        assertEquals(config, Files.readString(home.resolve("config.properties")));
    }

    @Test
    void usage_errors_exit_2_and_help_and_version_exit_0() throws Exception {
        assertEquals(2, Cli.run("--bogus").exit());
        assertEquals(2, Cli.run("search").exit());
        assertEquals(2, Cli.run("download", "xyz").exit());
        assertEquals(2, Cli.run("download", "to").exit());
        Cli.Result help = Cli.run("--help");
        assertEquals(0, help.exit());
        assertTrue(help.out().contains("search") && help.out().contains("start"), help.out());
        Cli.Result version = Cli.run("--version");
        assertEquals(0, version.exit());
        assertTrue(version.out().startsWith("iwanto "), version.out());
        Cli.Result startHelp = Cli.run("start", "--help");
        assertTrue(startHelp.out().contains("--interface") && startHelp.out().contains("Examples"), startHelp.out());
    }

    @Test
    void the_launcher_script_runs_the_built_jar() throws IOException, InterruptedException {
        Cli.Result r = Cli.exec(List.of(Cli.REPO.resolve("scripts/iwanto").toString(), "--version"),
                Duration.ofSeconds(120));
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().startsWith("iwanto "), r.out());
    }
}
