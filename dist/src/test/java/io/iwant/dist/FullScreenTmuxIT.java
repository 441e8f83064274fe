package io.iwant.dist;

import io.iwant.protocol.home.Home;
import io.iwant.tui.testing.FakeDaemon;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The real {@code iwanto} jar in a real terminal: tmux runs it in an 80x24 pane, keys go in with send-keys, the
 * screen comes out with capture-pane. The daemon behind it is the test's fake on a real control socket.
 */
class FullScreenTmuxIT {
    private static final long DEADLINE_SECONDS = 30;

    @TempDir
    Path dir;
    Home home;
    String server;
    FakeDaemon daemon;

    @BeforeEach
    void setUp() throws Exception {
        assumeTrue(tmuxInstalled(), "tmux is not installed: the end-to-end run in a real terminal is skipped");
        home = new Home(dir.resolve("home"));
        server = "iwant-it-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (server != null && tmuxInstalled()) {
            run(List.of("tmux", "-L", server, "kill-server"));
        }
        if (daemon != null) {
            daemon.close();
        }
    }

    @Test
    void should_search_download_to_100_percent_and_give_the_terminal_back_on_q() throws Exception {
        daemon = FakeDaemon.start(home).withSampleFiles();
        open();
        await(s -> s.contains("● connected") && s.contains("Search:"), "the search view, connected");

        keys("-l", "slicon valey");
        // The terminal is captured while lanterna may still be drawing a frame: wait for the whole list, not for
        // its first row (a capture once caught the header and one row with the rest still to come).
        await(s -> s.contains("> Silicon Valley S01E01.mkv") && s.contains("Silicon Valley S01E02.mkv")
                && !s.contains("Searching…"), "the results, the whole list drawn");

        keys("Enter");
        await(s -> s.contains("100.0%") && s.contains("done") && s.contains("Silicon Valley S01E01.mkv"),
                "the download to reach 100%");

        keys("q");
        String after = await(s -> s.contains("EXIT="), "iwanto to exit");
        assertTrue(after.contains("EXIT=0"), after);
        assertTrue(after.contains("MODE=icanon"), "the terminal is back in line mode:\n" + after);
        assertTrue(!after.contains("F1 Search"), "the full screen is gone:\n" + after);
    }

    @Test
    void should_say_how_to_start_a_missing_daemon_and_leave_cleanly_on_ctrl_c() throws Exception {
        open();
        // the capture may catch a frame half drawn: wait for the whole hint, not its first line
        await(s -> s.contains("No iwant daemon is running") && s.contains("iwanto --home " + home + " start"),
                "the hint to start a daemon, with its command");

        keys("C-c");
        String after = await(s -> s.contains("EXIT="), "iwanto to exit");
        assertTrue(after.contains("EXIT=0"), after);
        assertTrue(after.contains("MODE=icanon"), "the terminal is back in line mode:\n" + after);
    }

    @Test
    void should_show_a_real_daemon_and_change_its_shared_folder_with_its_own_validation() throws Exception {
        Path share = Files.createDirectories(dir.resolve("shared"));
        Path downloads = Files.createDirectories(dir.resolve("downloads"));
        try (Cli.Daemon real = Cli.start(home.dir(), "--interface", "lo", "--port", "0", "--share", share.toString(),
                "--downloads", downloads.toString())) {
            Cli.await("the daemon answers", Duration.ofSeconds(30),
                    () -> Files.exists(home.controlSocket()) && quietly(() -> Cli.run("--home", home.toString(),
                            "status").exit() == 0));
            open();
            await(s -> s.contains("● connected"), "the UI to connect to the real daemon");

            keys("F3");
            await(s -> s.contains("This peer") && s.contains("PEER ID") && s.contains("Sharing     " + share),
                    "the network view, with the shared folder");

            keys("F4");
            await(s -> s.contains(share.toString()), "the settings view with the shared folder");
            keys("C-u");
            keys("-l", dir.resolve("missing").toString());
            keys("Enter");
            String refused = await(s -> s.contains("SETTINGS") && s.lines().anyMatch(l -> l.startsWith("   ")
                    && l.contains("missing")), "the daemon's refusal under the field");
            assertTrue(Cli.run("--home", home.toString(), "view", "config").out().contains(share.toString()),
                    "nothing was saved:\n" + refused);

            Path films = Files.createDirectories(dir.resolve("films"));
            keys("C-u");
            keys("-l", films.toString());
            keys("Enter");
            await(s -> s.contains("SETTINGS") && s.lines().anyMatch(l -> l.startsWith("   ")
                    && l.contains(films.toString())), "the daemon's confirmation");
            Cli.await("the daemon shares the new folder", Duration.ofSeconds(10), () -> quietly(() ->
                    Cli.run("--home", home.toString(), "view", "config").out().contains(films.toString())));

            keys("Escape");
            String after = await(s -> s.contains("EXIT="), "iwanto to exit on Esc");
            assertTrue(after.contains("EXIT=0"), after);
        }
    }

    /** A check that may throw is false until it passes. */
    private static boolean quietly(java.util.concurrent.Callable<Boolean> check) {
        try {
            return check.call();
        } catch (Exception e) {
            return false;
        }
    }

    private void open() throws Exception {
        Path jar = Path.of(System.getProperty("iwant.jar", "target/iwanto.jar"));
        assertTrue(Files.isRegularFile(jar), "the jar is built first: " + jar);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // after iwanto exits, the pane shows its exit code and whether the terminal is back in line mode
        String command = "'" + java + "' -jar '" + jar.toAbsolutePath() + "' --home '" + home + "'; "
                + "echo EXIT=$?; stty -a | grep -o -- '-\\?icanon' | sed 's/^/MODE=/'; sleep 600";
        List<String> start = List.of("tmux", "-L", server, "-f", "/dev/null", "new-session", "-d", "-x", "80",
                "-y", "24", "-s", "ui", "sh", "-c", command);
        assertEquals(0, run(start), "tmux starts");
    }

    private void keys(String... keys) throws Exception {
        List<String> command = new ArrayList<>(List.of("tmux", "-L", server, "send-keys", "-t", "ui"));
        command.addAll(List.of(keys));
        assertEquals(0, run(command), "tmux send-keys " + String.join(" ", keys));
    }

    private String capture() throws Exception {
        Process p = new ProcessBuilder("tmux", "-L", server, "capture-pane", "-p", "-t", "ui")
                .redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(10, TimeUnit.SECONDS);
        return text;
    }

    private String await(Predicate<String> condition, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
        String last = "";
        while (System.nanoTime() < deadline) {
            last = capture();
            if (condition.test(last)) {
                return last;
            }
            Thread.sleep(100);
        }
        fail("timed out waiting for " + what + "; the pane showed:\n" + last);
        return last;
    }

    private int run(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("LANG", "C.UTF-8");
        pb.environment().put("LC_ALL", "C.UTF-8");
        pb.environment().remove("TMUX");
        pb.environment().put("IWANT_HOME", dir.resolve("unused-home").toString());
        Process p = pb.start();
        p.getInputStream().readAllBytes();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }

    private static boolean tmuxInstalled() {
        try {
            Process p = new ProcessBuilder("tmux", "-V").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
