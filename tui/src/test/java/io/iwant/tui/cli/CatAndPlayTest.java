package io.iwant.tui.cli;

import io.iwant.protocol.control.ControlRequest;
import io.iwant.protocol.home.Home;
import io.iwant.tui.testing.FakeDaemon;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code iwanto cat} and {@code iwanto play} against a stand-in daemon. */
class CatAndPlayTest {
    private static final String FILM = "Silicon Valley S01E01.mkv";
    private static final String URL = "http://127.0.0.1:9/" + "0".repeat(32) + "/Silicon%20Valley%20S01E01.mkv";

    @TempDir
    Path tmp;
    private FakeDaemon daemon;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void start() throws IOException {
        daemon = FakeDaemon.start(new Home(tmp.resolve("home"))).withSampleFiles();
    }

    @AfterEach
    void stop() throws IOException {
        daemon.close();
    }

    /** Runs {@code iwanto --home HOME cat ARGS...} with its bytes going to {@code stdout}. */
    private int cat(OutputStream stdout, String... args) {
        CommandLine cli = Iwanto.commandLine(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        ((CatCommand) cli.getSubcommands().get("cat").getCommand()).stdout = stdout;
        String[] all = new String[args.length + 3];
        all[0] = "--home";
        all[1] = tmp.resolve("home").toString();
        all[2] = "cat";
        System.arraycopy(args, 0, all, 3, args.length);
        return cli.execute(all);
    }

    private byte[] content(int size) {
        byte[] content = new byte[size];
        new Random(size).nextBytes(content);
        daemon.content(FakeDaemon.hashOf(FILM), content);
        return content;
    }

    @Test
    void should_write_the_streamed_bytes_to_standard_output_exactly() {
        byte[] content = content(300_000);
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();

        assertEquals(0, cat(stdout, FakeDaemon.hashOf(FILM).substring(0, 8)));

        assertArrayEquals(content, stdout.toByteArray());
        assertEquals("", err.toString(StandardCharsets.UTF_8));
        assertEquals(new ControlRequest.Stream(FakeDaemon.hashOf(FILM).substring(0, 8), true),
                daemon.requests().get(0));
    }

    @Test
    void should_stop_cleanly_when_the_reader_goes_away_and_pass_no_keep_on() {
        content(300_000);
        OutputStream closedPipe = new OutputStream() {
            private int written;

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                written += len;
                if (written > 100_000) {
                    throw new IOException("Broken pipe");
                }
            }
        };

        assertEquals(0, cat(closedPipe, "--no-keep", FakeDaemon.hashOf(FILM)));

        assertEquals("", err.toString(StandardCharsets.UTF_8), "a reader that left is no error");
        assertEquals(new ControlRequest.Stream(FakeDaemon.hashOf(FILM), false), daemon.requests().get(0));
    }

    @Test
    void should_say_in_one_sentence_why_the_daemon_could_not_stream() {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();

        assertEquals(1, cat(stdout, "abcdef012345"));

        assertEquals(0, stdout.size());
        assertEquals("nothing on the network has a hash that starts with abcdef012345\n",
                err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void should_refuse_a_hash_that_is_not_one_with_a_usage_error() {
        assertEquals(2, cat(new ByteArrayOutputStream(), "xyz"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("hex"), err.toString(StandardCharsets.UTF_8));
        assertTrue(daemon.requests().isEmpty());
    }

    @Test
    void should_exit_3_when_no_daemon_answers() throws IOException {
        daemon.close();
        assertEquals(3, cat(new ByteArrayOutputStream(), "abcdef"));
        assertEquals("iwant daemon is not running (start it with: iwanto start)\n", err.toString(StandardCharsets.UTF_8));
    }

    // ---- play ----

    /** Runs {@code iwanto --home HOME play HASH} in the environment {@code env}. */
    private int play(Map<String, String> env, String hash) {
        CommandLine cli = Iwanto.commandLine(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        ((PlayCommand) cli.getSubcommands().get("play").getCommand()).env = env;
        return cli.execute("--home", tmp.resolve("home").toString(), "play", hash);
    }

    /** An executable {@code name} in {@code dir} that writes its arguments, one a line, to {@code dir/NAME.args}. */
    private static Path fakePlayer(Path dir, String name, int status) throws IOException {
        Files.createDirectories(dir);
        Path script = dir.resolve(name);
        Files.writeString(script, "#!/bin/sh\nprintf '%s\\n' \"$@\" > \"" + dir.resolve(name + ".args") + "\"\nexit "
                + status + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    @Test
    void should_open_the_first_player_on_the_path_on_the_daemons_url_and_wait_for_it() throws IOException {
        Path bin = tmp.resolve("bin");
        fakePlayer(bin, "vlc", 0);
        fakePlayer(bin, "xdg-open", 0);

        assertEquals(0, play(Map.of("PATH", tmp.resolve("nothing") + ":" + bin), FakeDaemon.hashOf(FILM)));

        assertEquals(URL + "\n", Files.readString(bin.resolve("vlc.args")));
        assertFalse(Files.exists(bin.resolve("xdg-open.args")), "vlc comes before xdg-open");
        assertEquals("playing in vlc: " + URL + "\n", out.toString(StandardCharsets.UTF_8));
        assertEquals(new ControlRequest.Play(FakeDaemon.hashOf(FILM)), daemon.requests().get(0));
    }

    @Test
    void should_prefer_iwant_player_with_its_arguments_and_report_a_player_that_failed() throws IOException {
        Path mine = fakePlayer(tmp.resolve("mine"), "myplayer", 3);
        Path bin = tmp.resolve("bin");
        fakePlayer(bin, "mpv", 0);

        assertEquals(1, play(Map.of("IWANT_PLAYER", mine + " --fs", "PATH", bin.toString()),
                FakeDaemon.hashOf(FILM).substring(0, 10)));

        assertEquals("--fs\n" + URL + "\n", Files.readString(tmp.resolve("mine/myplayer.args")));
        assertFalse(Files.exists(bin.resolve("mpv.args")));
        assertEquals("myplayer ended with status 3\n", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void should_print_the_url_when_no_player_is_found() {
        assertEquals(0, play(Map.of("PATH", tmp.resolve("empty").toString()), FakeDaemon.hashOf(FILM)));

        assertEquals(URL + "\n", out.toString(StandardCharsets.UTF_8));
        assertEquals("no player found: set IWANT_PLAYER, or install mpv or vlc, or open the URL above in one\n",
                err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void should_refuse_a_folder_in_one_sentence() {
        assertEquals(1, play(Map.of(), FakeDaemon.hashOf("Silicon Valley Season 2")));

        assertEquals("", out.toString(StandardCharsets.UTF_8));
        assertEquals("Silicon Valley Season 2/ is a folder; only a file can be played\n",
                err.toString(StandardCharsets.UTF_8));
    }
}
