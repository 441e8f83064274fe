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
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CatCommandTest {
    private static final String FILM = "Silicon Valley S01E01.mkv";

    @TempDir
    Path tmp;
    private FakeDaemon daemon;
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
        CommandLine cli = Iwanto.commandLine(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
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
}
