package io.iwant.tui.cli;

import io.iwant.protocol.control.ControlReply.Download;
import io.iwant.protocol.control.DownloadState;
import io.iwant.protocol.home.Home;
import io.iwant.tui.testing.FakeDaemon;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Names, peer ids and reasons come from other machines: the one-shot commands never print their control bytes. */
class HostileTextTest {
    private static final String HOSTILE = "\u001b]0;owned\u0007\u001b[2J\rfake\u202egpj.exe\u0000";

    @TempDir
    Path dir;
    FakeDaemon daemon;

    @AfterEach
    void stop() throws Exception {
        if (daemon != null) {
            daemon.close();
        }
    }

    @Test
    void search_output_has_no_control_byte_but_newlines() throws Exception {
        daemon = FakeDaemon.start(new Home(dir)).withSampleFiles();
        daemon.add("owned" + HOSTILE, 42, false, 1);
        CliRun run = run("search", "owned");
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("owned?]0;owned??[2J?fake?gpj.exe?"), run.out());
        assertOnlyNewlines(run.out());
    }

    @Test
    void status_output_has_no_control_byte_but_newlines() throws Exception {
        daemon = FakeDaemon.start(new Home(dir));
        daemon.leader("peer" + HOSTILE);
        daemon.put(new Download(FakeDaemon.hashOf("x"), HOSTILE, false, DownloadState.FAILED, 0, 10, 0, -1, 0, HOSTILE, ""));
        CliRun run = run("status");
        assertEquals(0, run.exit(), run.err());
        assertFalse(run.out().contains("\u202e"), run.out());
        assertOnlyNewlines(run.out());
    }

    @Test
    void wide_names_keep_the_search_table_aligned() throws Exception {
        daemon = FakeDaemon.start(new Home(dir));
        daemon.add("映画 title.mkv", 1_000_000, false, 1);
        daemon.add("movie title.mkv", 2_000_000, false, 2);
        CliRun run = run("search", "title");
        assertEquals(0, run.exit(), run.err());
        java.util.List<Integer> widths = run.out().lines().skip(1).map(io.iwant.protocol.text.Columns::width).toList();
        assertEquals(2, widths.size(), run.out());
        assertEquals(widths.get(0), widths.get(1), "both rows end in the same column:\n" + run.out());
    }

    private static void assertOnlyNewlines(String text) {
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            assertTrue(b >= 0x20 || b == '\n' || b < 0, "byte " + b + " in " + text);
        }
    }

    private CliRun run(String... args) {
        return CliRun.at(dir, args);
    }
}
