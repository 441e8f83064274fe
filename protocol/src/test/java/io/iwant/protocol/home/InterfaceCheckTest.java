package io.iwant.protocol.home;

import io.iwant.protocol.control.ControlReply.Check;
import io.iwant.protocol.control.ControlReply.CheckStatus;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The interface check says which interface discovery runs on, why that one, and which others there are. */
class InterfaceCheckTest {
    @Test
    void the_default_route_interface_is_named_with_the_others_to_choose_from() {
        Check check = InterfaceCheck.decide(null, "eth0 (192.168.1.5)", null, false, List.of("wlan0 (10.0.0.3)"));
        assertEquals(CheckStatus.OK, check.status());
        assertEquals("Discovery runs on eth0 (192.168.1.5), the interface of the default route; other interfaces: "
                + "wlan0 (10.0.0.3) (if your peers are on one of those, start with --interface NAME).", check.sentence());
    }

    @Test
    void a_configured_interface_says_so() {
        Check check = InterfaceCheck.decide("iw0", "iw0 (10.77.0.1)", null, false, List.of());
        assertEquals(CheckStatus.OK, check.status());
        assertTrue(check.sentence().contains("as configured (--interface iw0); no other interface could carry "
                + "discovery."), check.sentence());
    }

    @Test
    void loopback_finds_only_this_machine() {
        Check check = InterfaceCheck.decide("lo", "lo (127.0.0.1)", null, true, List.of("eth0 (192.168.1.5)"));
        assertEquals(CheckStatus.WARN, check.status());
        assertTrue(check.sentence().contains("only peers on this machine can be found"), check.sentence());
    }

    @Test
    void no_usable_interface_fails_with_the_reason_and_the_candidates() {
        Check check = InterfaceCheck.decide("eth9", null, "No network interface is named or has the address eth9.",
                false, List.of("eth0 (192.168.1.5)"));
        assertEquals(CheckStatus.FAIL, check.status());
        assertEquals("No network interface is named or has the address eth9.", check.sentence());
        assertTrue(check.fix().contains("--interface NAME (eth0 (192.168.1.5))"), check.fix());
    }

    @Test
    void a_host_with_dozens_of_bridges_gets_a_short_sentence() {
        List<String> bridges = java.util.stream.IntStream.range(0, 60)
                .mapToObj(i -> "br-" + "0123456789ab".repeat(2) + i + " (172.18." + i + ".1)").toList();
        Check check = InterfaceCheck.decide(null, "eth0 (192.168.1.5)", null, false, bridges);
        assertTrue(check.sentence().contains("and 52 more"), check.sentence());
        Check none = InterfaceCheck.decide("eth9", null, "No interface eth9; candidates: " + String.join(", ",
                bridges) + ".", false, bridges);
        assertTrue(none.sentence().length() <= Check.MAX_TEXT && none.fix().length() <= Check.MAX_TEXT);
    }

    @Test
    void an_interface_that_does_not_exist_here_is_judged_by_what_a_start_would_do() {
        Check check = InterfaceCheck.wouldChoose("no-such-if0");
        assertEquals(CheckStatus.FAIL, check.status());
        assertTrue(check.sentence().startsWith("No network interface is named or has the address no-such-if0"),
                check.sentence());
        assertEquals(CheckStatus.WARN, InterfaceCheck.wouldChoose("lo").status());
    }
}
