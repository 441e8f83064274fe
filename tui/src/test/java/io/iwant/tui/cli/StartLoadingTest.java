package io.iwant.tui.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code start} is loaded by name: when it is missing or broken, the user reads why, not "Unknown subcommand". */
class StartLoadingTest {
    @TempDir
    Path home;

    /** A start command whose class cannot be initialised, as in an install with a jar missing. */
    static final class BrokenStart {
        static {
            if (Boolean.parseBoolean("true")) {
                throw new IllegalStateException("a class of the daemon is missing");
            }
        }
    }

    @Test
    void a_client_only_build_says_start_is_not_available() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = run(Iwanto.START_COMMAND, err, "start", "--interface", "lo");
        String message = err.toString(StandardCharsets.UTF_8);
        assertEquals(1, code, message);
        assertTrue(message.startsWith("'iwanto start' is not available in this build"), message);
        assertEquals(1, message.lines().count(), message);
    }

    @Test
    void a_start_command_that_cannot_load_is_reported_in_one_sentence() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = run(BrokenStart.class.getName(), err, "start");
        String message = err.toString(StandardCharsets.UTF_8);
        assertEquals(1, code, message);
        assertTrue(message.startsWith("'iwanto start' cannot load the daemon (ExceptionInInitializerError)"),
                message);
        assertEquals(1, message.lines().count(), message);
    }

    private int run(String className, ByteArrayOutputStream err, String... args) {
        CommandLine cli = Iwanto.commandLine(new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), className);
        String[] all = new String[args.length + 2];
        all[0] = "--home";
        all[1] = home.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return cli.execute(all);
    }
}
