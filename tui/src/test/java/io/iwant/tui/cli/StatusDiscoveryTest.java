package io.iwant.tui.cli;

import io.iwant.protocol.control.ControlReply;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code iwanto status} says in one line what each rung of discovery does and found. */
class StatusDiscoveryTest {
    @Test
    void each_rung_says_what_it_found() {
        assertEquals("multicast 0 heard, 0 found · static 2 named, 1 found · gossip 2 found, 3 to ping · sweep auto, "
                        + "253 addresses, sweeping, 1 found",
                StatusCommand.discovery(new ControlReply.Discovery(0, 0, 2, 1, 2, 2, 3, 9, "auto", 253, true, 75, 1)));
    }

    @Test
    void a_sweep_that_cannot_run_here_says_so() {
        assertEquals("multicast 3 heard, 3 found · static 0 named, 0 found · gossip 0 found · sweep auto, not on this "
                + "subnet", StatusCommand.discovery(new ControlReply.Discovery(3, 3, 0, 0, 0, 0, 0, 0, "auto", 0,
                false, 0, 0)));
        assertEquals("multicast 0 heard, 0 found · static 0 named, 0 found · gossip 0 found · sweep off",
                StatusCommand.discovery(ControlReply.Discovery.NONE));
    }
}
