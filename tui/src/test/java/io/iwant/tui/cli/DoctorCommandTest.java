package io.iwant.tui.cli;

import com.fasterxml.jackson.jr.ob.JSON;
import io.iwant.protocol.control.ControlReply;
import io.iwant.protocol.control.ControlReply.Check;
import io.iwant.protocol.home.Home;
import io.iwant.protocol.home.Settings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code iwanto doctor}: one line per check, the fix under what is wrong, and what it can say without a daemon. */
class DoctorCommandTest {
    @TempDir
    Path dir;

    @Test
    void should_print_one_line_per_check_and_the_fix_under_each_that_is_not_ok() {
        StringWriter text = new StringWriter();
        DoctorCommand.print(new PrintWriter(text, true), new ControlReply.Doctor(List.of(
                Check.ok("interface", "Discovery runs on iw0 (10.77.0.1)."),
                Check.fail("peers-port", "The peer port of peer-2 does not answer\u001b[2J from here.",
                        "Let it in there."))));
        String out = text.toString().replace(System.lineSeparator(), "\n");
        List<String> lines = out.lines().toList();
        assertEquals(3, lines.size(), out);
        assertEquals("ok    interface         Discovery runs on iw0 (10.77.0.1).", lines.get(0));
        assertTrue(lines.get(1).startsWith("FAIL  peers-port        The peer port of peer-2 does not answer"), out);
        assertEquals("                        fix: Let it in there.", lines.get(2));
        assertFalse(out.contains("\u001b"), "terminal escapes are cleaned: " + out);
    }

    @Test
    void should_check_the_interface_without_a_daemon_and_exit_3() throws Exception {
        Home home = new Home(dir.resolve("home"));
        home.create();
        Settings saved = Settings.load(home.config());
        saved.withNetwork("no-such-if0", saved.group(), saved.port(), saved.peers()).save(home.config());
        CliRun r = CliRun.at(home.dir(), "doctor");
        assertEquals(3, r.exit(), r.toString());
        assertTrue(r.err().startsWith("No iwant daemon runs on " + home.dir()), r.err());
        assertTrue(r.out().startsWith("FAIL  interface         No network interface is named or has the address "
                + "no-such-if0"), r.out());

        CliRun json = CliRun.at(home.dir(), "doctor", "--json");
        assertEquals(3, json.exit(), json.toString());
        Map<String, Object> doc = JSON.std.mapFrom(json.out());
        assertEquals(false, doc.get("daemon"));
        Map<?, ?> check = (Map<?, ?>) ((List<?>) doc.get("checks")).get(0);
        assertEquals(List.of("name", "status", "sentence", "fix"), List.copyOf(check.keySet()));
        assertEquals("fail", check.get("status"));
        assertEquals("", json.err(), "--json prints one document and nothing else");
    }
}
