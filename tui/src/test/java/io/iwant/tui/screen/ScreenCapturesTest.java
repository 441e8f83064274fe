package io.iwant.tui.screen;

import com.googlecode.lanterna.input.KeyType;
import io.iwant.protocol.control.ControlReply;
import io.iwant.protocol.control.ControlReply.Download;
import io.iwant.protocol.control.DownloadState;
import io.iwant.protocol.home.Home;
import io.iwant.tui.screen.link.SocketLink;
import io.iwant.tui.testing.FakeDaemon;
import io.iwant.tui.testing.VirtualScreen;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every view at 80x24 in a typical state, checked to fit the terminal (tab line on top, status bar and key help at
 * the bottom, nothing wider than 80 columns). With {@code -Diwant.screens=FILE} the captures are written there as
 * Markdown (that is how docs/screens.md is made).
 */
class ScreenCapturesTest {
    @TempDir
    Path dir;
    VirtualScreen vs;
    App app;
    FakeDaemon daemon;

    @AfterEach
    void tearDown() throws Exception {
        if (app != null) {
            app.close();
        }
        if (vs != null) {
            vs.close();
        }
        if (daemon != null) {
            daemon.close();
        }
    }

    @Test
    void every_view_fits_80_by_24() throws Exception {
        Home home = new Home(Path.of("/home/ana/.iwant"));
        Home real = new Home(dir.resolve("home"));
        Map<String, String> captures = new LinkedHashMap<>();

        vs = new VirtualScreen(80, 24);
        app = new App(vs.screen(), new SocketLink(real), home.toString(), "iwanto start", real.log(),
                FullScreenTest.FAST);
        app.start();
        captures.put("No daemon running", vs.awaitText("This screen connects by itself"));

        daemon = FakeDaemon.start(real).withSampleFiles();
        seed(daemon);
        Files.writeString(real.log(), """
                2025-11-21 18:02:11.204 INFO  io.iwant.daemon.Daemon - iwant 0.1.0 starting, home /home/ana/.iwant
                2025-11-21 18:02:11.388 INFO  io.iwant.daemon.discovery.Beacons - beacons on lo, group 239.255.77.77:7377
                2025-11-21 18:02:11.412 INFO  io.iwant.daemon.index.Scanner - scanning /home/ana/iwant/shared
                2025-11-21 18:02:14.920 INFO  io.iwant.daemon.index.Scanner - indexed 1234 files, 56 folders (12.4 GiB)
                2025-11-21 18:02:15.003 INFO  io.iwant.daemon.election.Election - following 7b1d20aa9c3e5f12 (term 4)
                2025-11-21 18:05:40.551 WARN  io.iwant.daemon.transfer.Downloader - peer 5c0ffee1 stalled, moving chunks
                2025-11-21 18:06:02.117 INFO  io.iwant.daemon.transfer.Downloader - Silicon Valley S01E02.mkv verified
                """);
        vs.awaitText("● private │");
        vs.type("slicon valey");
        captures.put("Search (F1)", vs.awaitText("> Silicon Valley S01E01.mkv"));
        vs.press(KeyType.F2);
        captures.put("Downloads (F2)", vs.awaitText("verification failed"));
        vs.press(KeyType.F3);
        captures.put("Network (F3)", vs.awaitText("192.168.1.20:7378"));
        vs.press(KeyType.F4);
        vs.awaitText(daemon.share());
        vs.ctrl('u');
        vs.type("/home/ana/films");
        vs.press(KeyType.Enter);
        captures.put("Settings (F4), a refused change", vs.awaitText("is not an existing folder"));
        vs.press(KeyType.F5);
        captures.put("Log (F5)", vs.awaitText("verified"));

        StringBuilder doc = new StringBuilder("""
                # What the full-screen UI looks like

                `iwanto` with no command opens these views (captured at 80x24 by `ScreenCapturesTest`). F1-F5 or
                Tab switch views; Esc or Ctrl-C quit (q too, where nothing is typed).

                """);
        captures.forEach((title, screen) -> {
            String[] rows = screen.split("\n", -1);
            assertTrue(rows[0].startsWith(" iwant "), title + ":\n" + screen);
            assertTrue(rows[22].startsWith(" ● ") || rows[22].startsWith(" ○ "), title + ":\n" + screen);
            assertTrue(rows[23].contains("quit"), title + ":\n" + screen);
            for (String row : rows) {
                assertTrue(row.length() <= 80, title + ": a row is wider than 80 columns:\n" + row);
            }
            doc.append("## ").append(title).append("\n\n```\n").append(screen.replace(real.toString(),
                    home.toString()).stripTrailing()).append("\n```\n\n");
        });
        assertEquals(6, captures.size());
        String out = System.getProperty("iwant.screens");
        if (out != null && !out.isBlank()) {
            Files.writeString(Path.of(out), doc.toString().stripTrailing() + "\n");
        }
    }

    private static void seed(FakeDaemon daemon) {
        daemon.freeze();
        daemon.network(new ControlReply.Network(ControlReply.NetworkMode.PRIVATE, "3f9a1c228b07", "5d0e4b1c9a22"));
        daemon.folders("/home/ana/iwant/shared", "/home/ana/iwant/downloads");
        daemon.put(new Download(FakeDaemon.hashOf("Silicon Valley S01E01.mkv"), "Silicon Valley S01E01.mkv", false,
                DownloadState.DOWNLOADING, 301_989_888L, 734_003_200L, 11_953_766L, 36, 3, "", "", 125_829_120L));
        daemon.put(new Download(FakeDaemon.hashOf("Silicon Valley Season 2"), "Silicon Valley Season 2", true,
                DownloadState.QUEUED, 0, 5_368_709_120L, 0, -1, 0, "", ""));
        daemon.put(new Download(FakeDaemon.hashOf("Silicon Valley S01E02.mkv"), "Silicon Valley S01E02.mkv", false,
                DownloadState.DONE, 712_441_856L, 712_441_856L, 0, 0, 0, "", "/home/ana/iwant/downloads/Silicon Valley S01E02.mkv"));
        daemon.put(new Download(FakeDaemon.hashOf("debian-12.5.0-amd64-netinst.iso"),
                "debian-12.5.0-amd64-netinst.iso", false, DownloadState.FAILED, 209_715_200L, 659_554_304L, 0, -1, 0,
                "verification failed: chunk 17 came back with the wrong hash from every peer", ""));
    }
}
