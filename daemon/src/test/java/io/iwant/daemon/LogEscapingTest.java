package io.iwant.daemon;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The daemon's log writes what a peer sent as one printable line, whatever it holds. */
class LogEscapingTest {
    @TempDir
    Path home;

    @Test
    void control_characters_and_line_breaks_from_a_peer_cannot_forge_lines_or_drive_a_terminal() throws Exception {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
        context.putProperty("iwant.home", home.toString());
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        URL config = Daemon.class.getResource("/logback.xml");
        configurator.doConfigure(config);
        Logger log = context.getLogger("test");
        String peerId = "evil\n2026-12-03 10:00:00.000 ERROR [main] forged - the daemon is broken\u001b]0;x\u0007\u202e";
        log.warn("snapshot from {}", peerId);
        context.stop();

        List<String> lines = Files.readAllLines(home.resolve("iwant.log"));
        assertEquals(1, lines.size(), lines.toString());
        String line = lines.get(0);
        assertTrue(line.contains("snapshot from evil?2026-12-03 10:00:00.000 ERROR [main] forged"), line);
        assertTrue(line.chars().allMatch(c -> c >= ' ' && c != 0x7f && c != 0x202e), line);
    }
}
