package io.iwant.tui.cli;

import io.iwant.protocol.home.Home;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FullScreenLauncherTest {
    @Test
    void should_tell_the_start_command_of_the_usual_home_without_a_home_option() {
        assertEquals("iwanto start", FullScreenLauncher.startCommand(Home.resolve(null, System.getenv())));
    }

    @Test
    void should_tell_the_start_command_of_another_home_with_its_home_option() {
        assertEquals("iwanto --home /tmp/peer1 start", FullScreenLauncher.startCommand(new Home(Path.of("/tmp/peer1"))));
        assertEquals("iwanto --home '/tmp/my peer' start",
                FullScreenLauncher.startCommand(new Home(Path.of("/tmp/my peer"))));
    }

    @Test
    void should_refuse_to_open_without_a_terminal_in_one_sentence() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Iwanto.run(new String[] {"--home", "/tmp/iwant-no-terminal"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(1, code);
        String message = err.toString(StandardCharsets.UTF_8);
        assertTrue(message.startsWith("the full-screen UI needs a terminal"), message);
        assertEquals(1, message.lines().count(), message);
    }
}
