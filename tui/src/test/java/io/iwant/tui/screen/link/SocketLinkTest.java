package io.iwant.tui.screen.link;

import io.iwant.protocol.UserError;
import io.iwant.protocol.control.ControlRequest;
import io.iwant.protocol.home.Home;
import io.iwant.tui.testing.FakeDaemon;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SocketLinkTest {
    @TempDir
    Path dir;

    @Test
    void should_speak_the_control_protocol_to_a_daemon() throws Exception {
        Home home = new Home(dir);
        try (FakeDaemon daemon = FakeDaemon.start(home).withSampleFiles()) {
            SocketLink link = new SocketLink(home);
            assertEquals(FakeDaemon.PEER, link.status().peerId());
            assertEquals("debian-12.5.0-amd64-netinst.iso", link.search("debian", 5).get(0).name());
            String hash = FakeDaemon.hashOf("debian-12.5.0-amd64-netinst.iso");
            assertEquals("downloading debian-12.5.0-amd64-netinst.iso",
                    link.act(new ControlRequest.Download(hash, false)));
        }
    }

    @Test
    void should_turn_a_refusal_into_the_daemons_sentence() throws Exception {
        Home home = new Home(dir);
        try (FakeDaemon daemon = FakeDaemon.start(home)) {
            UserError e = assertThrows(UserError.class,
                    () -> new SocketLink(home).act(new ControlRequest.Cancel("abcdef")));
            assertEquals("no download has the hash abcdef", e.getMessage());
        }
    }

    @Test
    void should_report_a_missing_daemon_with_the_no_daemon_exit_code() {
        UserError e = assertThrows(UserError.class, () -> new SocketLink(new Home(dir)).status());
        assertEquals(UserError.NO_DAEMON, e.exitCode());
    }

    @Test
    void should_give_up_on_a_daemon_that_does_not_answer_by_the_deadline() throws Exception {
        Home home = new Home(dir);
        try (FakeDaemon daemon = FakeDaemon.start(home)) {
            daemon.mute();
            long start = System.nanoTime();
            UserError e = assertThrows(UserError.class,
                    () -> new SocketLink(home, Duration.ofMillis(300)).status());
            assertTrue(e.getMessage().startsWith("the iwant daemon did not answer within"), e.getMessage());
            assertTrue(System.nanoTime() - start < Duration.ofSeconds(3).toNanos());
        }
    }
}
