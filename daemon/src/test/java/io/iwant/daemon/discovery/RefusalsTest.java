package io.iwant.daemon.discovery;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RefusalsTest {
    private static final long NOW = 50_000_000;
    private final Refusals refusals = new Refusals();

    @Test
    void each_address_and_reason_is_told_once_then_again_after_five_minutes_with_its_count() {
        InetAddress c = address(3);
        assertEquals(Optional.of("10.0.0.3 is in another private network (its key differs from this peer's); it is "
                + "not let in"), refusals.note(c, Refusal.Reason.OTHER_NETWORK, NOW));
        for (int i = 1; i < 100; i++) {
            assertEquals(Optional.empty(), refusals.note(c, Refusal.Reason.OTHER_NETWORK, NOW + i * 1_000L));
        }
        assertEquals(Optional.of("10.0.0.3 is an open-network peer; this peer is in a private network and ignores "
                + "it"), refusals.note(c, Refusal.Reason.OPEN_PEER, NOW + 100_000), "another reason is told too");
        assertEquals(Optional.of("10.0.0.3 is in another private network (its key differs from this peer's); it is "
                        + "not let in (101 datagrams so far)"),
                refusals.note(c, Refusal.Reason.OTHER_NETWORK, NOW + Refusals.REPEAT_MILLIS));

        assertEquals(List.of(new Refusal(c, Refusal.Reason.OTHER_NETWORK, 101, 1_000),
                        new Refusal(c, Refusal.Reason.OPEN_PEER, 1, Refusals.REPEAT_MILLIS - 100_000 + 1_000)),
                refusals.snapshot(NOW + Refusals.REPEAT_MILLIS + 1_000), "most recently refused first");
    }

    @Test
    void a_flood_from_many_addresses_gets_ten_log_lines_a_minute_and_bounded_memory() {
        int told = 0;
        for (int i = 0; i < 1_000; i++) {
            if (refusals.note(address(i), Refusal.Reason.FORGED, NOW + i).isPresent()) {
                told++;
            }
        }
        assertEquals(Refusals.LINES_PER_MINUTE, told);
        List<Refusal> kept = refusals.snapshot(NOW + 1_000);
        assertEquals(Refusals.MAX_ENTRIES, kept.size());
        assertEquals(address(999), kept.get(0).address(), "the latest kept, the oldest evicted");
        assertTrue(refusals.note(address(5_000), Refusal.Reason.FORGED, NOW + 61_000).isPresent(),
                "a minute later, lines are given out again");
    }

    @Test
    void every_reason_reads_as_one_sentence_with_the_address() {
        InetAddress c = address(3);
        for (Refusal.Reason reason : Refusal.Reason.values()) {
            String sentence = new Refusal(c, reason, 1, 0).sentence();
            assertTrue(sentence.contains("10.0.0.3") && !sentence.contains("%") && !sentence.endsWith("."),
                    sentence);
        }
    }

    private static InetAddress address(int i) {
        try {
            return InetAddress.getByAddress(new byte[]{10, 0, (byte) (i >> 8), (byte) i});
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
