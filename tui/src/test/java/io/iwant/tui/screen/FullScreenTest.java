package io.iwant.tui.screen;

import com.googlecode.lanterna.input.KeyType;
import io.iwant.protocol.control.ControlReply;
import io.iwant.protocol.control.ControlRequest;
import io.iwant.protocol.control.DownloadState;
import io.iwant.protocol.home.Home;
import io.iwant.tui.screen.link.DaemonLink;
import io.iwant.tui.screen.link.SocketLink;
import io.iwant.tui.screen.work.Timing;
import io.iwant.tui.testing.FakeDaemon;
import io.iwant.tui.testing.VirtualScreen;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The whole UI on an 80x24 virtual terminal, talking to a daemon over a real control socket. */
class FullScreenTest {
    static final Timing FAST = new Timing(Duration.ofMillis(100), Duration.ofMillis(100), Duration.ofMillis(150),
            200, 400);

    @TempDir
    Path dir;
    Home home;
    VirtualScreen vs;
    App app;
    FakeDaemon daemon;

    @BeforeEach
    void setUp() {
        home = new Home(dir.resolve("home"));
        vs = new VirtualScreen(80, 24);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (app != null && app.failure() != null) {
            app.failure().printStackTrace(System.out);
        }
        if (app != null) {
            app.close();
        }
        vs.close();
        if (daemon != null) {
            daemon.close();
        }
    }

    private void open() {
        app = new App(vs.screen(), new SocketLink(home), home.toString(), "iwanto start", home.log(), FAST);
        app.start();
    }

    @Test
    void should_search_as_you_type_download_with_enter_and_show_progress_to_100_percent() throws Exception {
        daemon = FakeDaemon.start(home).withSampleFiles();
        open();
        vs.awaitText("connected");
        vs.awaitText("Type a few letters");

        vs.type("slicon valey");
        String results = vs.awaitText("Silicon Valley S01E01.mkv");
        assertTrue(results.contains("Silicon Valley S01E02.mkv"), results);
        assertTrue(results.contains("> Silicon Valley S01E01.mkv"), "the best result is highlighted:\n" + results);
        assertTrue(results.contains("700 MiB"), results);
        assertTrue(results.contains(FakeDaemon.hashOf("Silicon Valley S01E01.mkv").substring(0, 12)), results);

        vs.press(KeyType.ArrowDown);
        vs.awaitText("> Silicon Valley S01E02.mkv");
        vs.press(KeyType.ArrowUp);
        vs.awaitText("> Silicon Valley S01E01.mkv");

        vs.press(KeyType.Enter);
        String downloads = vs.awaitText("F2 Downloads");
        vs.awaitText("DOWNLOADS  1 in the list");
        downloads = vs.await(s -> s.contains("100.0%") && s.contains("done"), "the download to complete");
        assertTrue(downloads.contains("> Silicon Valley S01E01.mkv"), downloads);
        assertTrue(downloads.contains("[##############################] 100.0%"), downloads);
        assertTrue(daemon.requests().contains(
                new ControlRequest.Download(FakeDaemon.hashOf("Silicon Valley S01E01.mkv"), false)));
    }

    @Test
    void should_show_a_running_download_with_bar_percent_rate_eta_and_peers() throws Exception {
        daemon = FakeDaemon.start(home).withSampleFiles();
        daemon.steps(1_000_000); // crawl, so it is caught mid-way
        open();
        vs.type("debian");
        vs.awaitText("> debian-12.5.0-amd64-netinst.iso");
        vs.press(KeyType.Enter);
        String screen = vs.await(s -> s.contains("downloading") && s.contains("ETA") && s.contains("3 peers"),
                "a running download");
        assertTrue(screen.matches("(?s).*\\[#*\\.+\\] +\\d+\\.\\d%.*/s  ETA .*"), screen);
    }

    @Test
    void should_cancel_retry_and_clear_from_the_keyboard() throws Exception {
        daemon = FakeDaemon.start(home).withSampleFiles();
        daemon.steps(1_000_000);
        open();
        vs.type("kings");
        vs.awaitText("> Valley of the Kings");
        vs.press(KeyType.Enter);
        vs.await(s -> s.contains("> Valley of the Kings") && s.contains("ETA"), "the download in the list");

        vs.type("c");
        vs.awaitText("cancelled (r resumes)");
        vs.type("r");
        vs.await(s -> s.contains("ETA") && !s.contains("cancelled (r"), "the retried download to run");
        vs.type("c");
        vs.awaitText("cancelled (r resumes)");
        vs.type("x");
        vs.awaitText("No downloads yet");
        assertTrue(daemon.requests().contains(new ControlRequest.ClearFinished()));
    }

    @Test
    void should_show_why_a_download_failed() throws Exception {
        daemon = FakeDaemon.start(home).withSampleFiles();
        daemon.put(new io.iwant.protocol.control.ControlReply.Download(FakeDaemon.hashOf("x"), "broken.iso", false,
                DownloadState.FAILED, 1024, 4096, 0, -1, 0, "verification failed: chunk 3 has the wrong hash", ""));
        open();
        vs.press(KeyType.F2);
        String screen = vs.awaitText("failed: verification failed: chunk 3 has the wrong hash");
        assertTrue(screen.contains("broken.iso"), screen);
    }

    @Test
    void should_say_when_nothing_matches_and_when_no_leader_is_known() throws Exception {
        daemon = FakeDaemon.start(home).withSampleFiles();
        open();
        vs.type("zzzz");
        vs.awaitText("Nothing on the network matches \"zzzz\".");

        daemon.leader(null);
        vs.awaitText("no leader yet");
        vs.type("x");
        vs.awaitText("No leader is known yet");

        daemon.leader(FakeDaemon.OTHER);
        vs.awaitText("Nothing on the network matches \"zzzzx\".");
    }

    @Test
    void should_report_a_refused_download_without_leaving_the_search() throws Exception {
        daemon = FakeDaemon.start(home).withSampleFiles();
        daemon.failNextDownload("no peer has it any more");
        open();
        vs.type("debian");
        vs.awaitText("> debian-12.5.0");
        vs.press(KeyType.Enter);
        String screen = vs.awaitText("no peer has it any more");
        assertTrue(screen.contains("cannot download \"debian-12.5.0-amd64-netinst.iso\""), screen);
        assertTrue(screen.contains("Search: debian"), screen);
    }

    @Test
    void should_tell_how_to_start_a_missing_daemon_and_connect_once_it_runs() throws Exception {
        open();
        String screen = vs.awaitText("No iwant daemon is running for " + home);
        assertTrue(screen.contains("iwanto start"), screen);
        assertTrue(screen.contains("no daemon"), "the status bar says so:\n" + screen);

        daemon = FakeDaemon.start(home).withSampleFiles();
        vs.awaitText("connected");
        vs.type("debian");
        vs.awaitText("> debian-12.5.0-amd64-netinst.iso");
    }

    @Test
    void should_list_members_their_addresses_ages_and_the_leader() throws Exception {
        daemon = FakeDaemon.start(home).withSampleFiles();
        open();
        vs.press(KeyType.F3);
        String screen = vs.awaitText("192.168.1.20:7378");
        assertTrue(screen.contains("This peer   " + FakeDaemon.PEER), screen);
        assertTrue(screen.contains("Leader      " + FakeDaemon.OTHER), screen);
        assertTrue(screen.contains("* " + FakeDaemon.OTHER), screen);
        assertTrue(screen.contains("3d 2h"), "the leader's age:\n" + screen);
        assertTrue(screen.contains("this peer"), screen);
    }

    @Test
    void should_refuse_a_missing_shared_folder_inline_and_apply_a_good_one() throws Exception {
        daemon = FakeDaemon.start(home).withSampleFiles();
        open();
        vs.press(KeyType.F4);
        vs.awaitText(daemon.share());
        vs.ctrl('u');
        Path missing = dir.resolve("nope");
        vs.type(missing.toString());
        vs.press(KeyType.Enter);
        String screen = vs.awaitText(missing + " is not an existing folder");
        assertTrue(screen.contains(missing.toString()), "what was typed stays for correction:\n" + screen);
        assertEquals(home.dir().resolve("shared").toString(), daemon.share(), "nothing was saved");

        Path good = java.nio.file.Files.createDirectories(dir.resolve("films"));
        vs.ctrl('u');
        vs.type(good.toString());
        vs.press(KeyType.Enter);
        vs.awaitText("sharing " + good);
        assertEquals(good.toString(), daemon.share());
    }

    @Test
    void should_show_a_private_network_in_the_status_bar_and_both_fingerprints_in_the_settings() throws Exception {
        daemon = FakeDaemon.start(home).withSampleFiles();
        daemon.network(new ControlReply.Network(ControlReply.NetworkMode.PRIVATE, "3f9a1c228b07", "5d0e4b1c9a22"));
        open();
        String screen = vs.await(s -> row(s, 22).contains("│ private"), "private in the status bar");
        assertFalse(row(screen, 22).contains("open"), screen);
        vs.press(KeyType.F4);
        screen = vs.awaitText("private, key 3f9a1c228b07: only peers with this key can join");
        assertTrue(screen.contains("this peer's key 5d0e4b1c9a22"), screen);
        daemon.network(new ControlReply.Network(ControlReply.NetworkMode.OPEN, null, "5d0e4b1c9a22"));
        vs.awaitText("open: anyone on this segment can join");
        vs.await(s -> row(s, 22).contains("│ open │"), "open in the status bar");
    }

    @Test
    void should_switch_views_with_tab_and_function_keys_and_quit_with_q_where_nothing_is_typed()
            throws Exception {
        daemon = FakeDaemon.start(home).withSampleFiles();
        open();
        vs.awaitText("Search:");
        vs.press(KeyType.Tab);
        vs.awaitText("DOWNLOADS");
        vs.press(KeyType.Tab);
        vs.awaitText("NETWORK");
        vs.press(KeyType.ReverseTab);
        vs.awaitText("DOWNLOADS");
        vs.press(KeyType.F1);
        vs.awaitText("Search:");
        vs.type("q");
        vs.awaitText("Search: q");
        assertFalse(app.awaitQuit(100, TimeUnit.MILLISECONDS), "q is typed into the query, it does not quit");
        vs.press(KeyType.F3);
        vs.awaitText("NETWORK");
        vs.type("q");
        assertTrue(app.awaitQuit(5, TimeUnit.SECONDS));
    }

    @Test
    void should_quit_on_escape_and_on_ctrl_c() throws Exception {
        open();
        vs.awaitText("Search:");
        vs.ctrl('c');
        assertTrue(app.awaitQuit(5, TimeUnit.SECONDS));
        app.close();
        app = null;
        open();
        vs.press(KeyType.Escape);
        assertTrue(app.awaitQuit(5, TimeUnit.SECONDS));
    }

    @Test
    void should_redraw_for_the_new_size_when_the_terminal_is_resized() throws Exception {
        daemon = FakeDaemon.start(home).withSampleFiles();
        open();
        vs.awaitText("connected");
        vs.resize(120, 30);
        String screen = vs.await(s -> row(s, 28).contains("connected"), "the status bar on row 29 of 30");
        assertTrue(row(screen, 29).contains("Esc quit"), screen);
        assertTrue(row(screen, 0).contains("F5 Log"), screen);
        vs.resize(80, 24);
        vs.await(s -> row(s, 22).contains("connected") && row(s, 23).contains("Esc quit"),
                "the status bar back on row 23 of 24");
    }

    private static String row(String screen, int row) {
        String[] rows = screen.split("\n", -1);
        return row < rows.length ? rows[row] : "";
    }

    @Test
    void should_end_and_report_a_failure_inside_the_gui_instead_of_carrying_on_broken() throws Exception {
        DaemonLink broken = new DaemonLink() {
            @Override
            public ControlReply.Status status() {
                // no index state: drawing the status bar fails
                return new ControlReply.Status("p", "0", "h", "s", "d", 0, null, List.of(), null, List.of());
            }

            @Override
            public List<ControlReply.Hit> search(String query, int limit) {
                return List.of();
            }

            @Override
            public String act(ControlRequest request) {
                return "";
            }
        };
        app = new App(vs.screen(), broken, home.toString(), "iwanto start", home.log(), FAST);
        app.start();
        assertTrue(app.awaitQuit(5, TimeUnit.SECONDS));
        assertTrue(app.failure() instanceof NullPointerException, String.valueOf(app.failure()));
    }

    @Test
    void should_show_the_log_tail_on_demand() throws Exception {
        daemon = FakeDaemon.start(home).withSampleFiles();
        java.nio.file.Files.writeString(home.log(),
                "12:00:01.000 INFO  io.iwant.daemon - started\n12:00:02.000 WARN  io.iwant.discovery - peer gone\n");
        open();
        vs.press(KeyType.F5);
        String screen = vs.awaitText("peer gone");
        assertTrue(screen.contains("started"), screen);
        java.nio.file.Files.writeString(home.log(), "12:00:03.000 INFO  io.iwant.leader - elected\n",
                java.nio.file.StandardOpenOption.APPEND);
        vs.awaitText("elected");
    }

    @Test
    void should_play_a_result_or_a_download_in_the_users_player_and_show_how_far_a_file_is_playable()
            throws Exception {
        daemon = FakeDaemon.start(home).withSampleFiles();
        daemon.freeze();
        String film = "Silicon Valley S01E01.mkv";
        daemon.put(new ControlReply.Download(FakeDaemon.hashOf(film), film, false, DownloadState.DOWNLOADING,
                301_989_888L, 734_003_200L, 11_953_766L, 36, 3, "", "", 125_829_120L));
        Path bin = java.nio.file.Files.createDirectories(dir.resolve("bin"));
        Path args = bin.resolve("mpv.args");
        java.nio.file.Files.writeString(bin.resolve("mpv"), "#!/bin/sh\nprintf '%s\\n' \"$@\" >> \"" + args
                + "\"\n");
        java.nio.file.Files.setPosixFilePermissions(bin.resolve("mpv"),
                java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        app = new App(vs.screen(), new SocketLink(home), home.toString(), "iwanto start", home.log(), FAST,
                java.util.Map.of("PATH", bin.toString()));
        app.start();

        vs.press(KeyType.F2);
        vs.awaitText("▶ 120 MiB playable from the start (p plays it)");
        vs.type("p");
        vs.awaitText("playing \"" + film + "\" in mpv");
        String url = "http://127.0.0.1:9/" + "0".repeat(32) + "/Silicon%20Valley%20S01E01.mkv";
        vs.await(s -> java.nio.file.Files.exists(args), "the player to start");
        assertTrue(daemon.requests().contains(new ControlRequest.Play(FakeDaemon.hashOf(film))));

        vs.press(KeyType.F1);
        vs.type("season 2");
        vs.awaitText("> Silicon Valley Season 2");
        vs.ctrl('p');
        vs.awaitText("\"Silicon Valley Season 2/\" is a folder; only a file can be played");
        vs.ctrl('u');
        vs.type("debian");
        vs.awaitText("> debian-12.5.0-amd64-netinst.iso");
        vs.ctrl('p');
        vs.awaitText("playing \"debian-12.5.0-amd64-netinst.iso\" in mpv");
        vs.await(s -> {
            try {
                return java.nio.file.Files.readString(args).lines().count() == 2;
            } catch (java.io.IOException e) {
                return false;
            }
        }, "the player to start again");
        assertEquals(List.of(url, "http://127.0.0.1:9/" + "0".repeat(32) + "/debian-12.5.0-amd64-netinst.iso"),
                java.nio.file.Files.readString(args).lines().toList());
    }
}
