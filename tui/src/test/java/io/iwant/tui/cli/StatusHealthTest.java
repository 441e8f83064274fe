package io.iwant.tui.cli;

import io.iwant.protocol.control.ControlReply;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code iwanto status} says whether every part of the daemon runs, and names any that does not. */
class StatusHealthTest {
    @Test
    void a_healthy_daemon_says_all_its_parts_run() {
        String out = print(List.of(part("peer-router", ControlReply.PartState.RUNNING, 0, ""),
                part("transfer", ControlReply.PartState.RUNNING, 0, "")));
        assertTrue(out.contains("health     all 2 parts running"), out);
    }

    @Test
    void a_failed_part_is_named_with_its_restarts_and_last_failure_and_the_daemon_is_not_called_healthy() {
        String out = print(List.of(part("peer-router", ControlReply.PartState.FAILED, 3, "IllegalStateException: \u001b]0;x"),
                part("transfer", ControlReply.PartState.RUNNING, 0, "")));
        assertTrue(out.contains("health     NOT SERVING: a part has failed"), out);
        assertTrue(out.contains("peer-router      failed    3 restarts  last: IllegalStateException: ?]0;x"), out);
    }

    @Test
    void a_restarted_part_serves_again_and_says_so() {
        String out = print(List.of(part("discovery", ControlReply.PartState.RESTARTED, 1, "boom")));
        assertTrue(out.contains("health     serving, after restarts"), out);
        assertTrue(out.contains("discovery        restarted 1 restart  last: boom"), out);
    }

    private static ControlReply.Part part(String name, ControlReply.PartState state, int restarts, String failure) {
        return new ControlReply.Part(name, state, restarts, failure);
    }

    private static String print(List<ControlReply.Part> health) {
        ControlReply.Status s = new ControlReply.Status("p1", "0.1.0", "/h", "/s", "/d", 5000, "p1", List.of(),
                new ControlReply.IndexState(0, 0, 0, false, 0, 0), List.of(), health,
                new ControlReply.Network(ControlReply.NetworkMode.OPEN, null, null));
        StringWriter text = new StringWriter();
        StatusCommand.print(new PrintWriter(text, true), s);
        return text.toString();
    }
}
