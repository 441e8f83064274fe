package io.iwant.protocol.peer;

import io.iwant.protocol.discovery.Beacon;
import io.iwant.protocol.discovery.PeerStamp;
import io.iwant.protocol.discovery.Victory;
import io.iwant.protocol.index.IndexEntry;
import io.iwant.protocol.wire.Codec;
import io.iwant.protocol.wire.HostileMessages;
import io.iwant.protocol.wire.Limits;
import io.iwant.protocol.wire.ProtocolException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The worst value of every text, count and number a peer sends is refused, in our words, never in theirs. */
class HostileFieldsTest {
    private static final String HASH = "ab".repeat(32);
    private static final String HUGE = "\u001b]0;pwned\u0007".repeat(100_000);

    @Test
    void a_six_megabyte_hash_is_refused_with_a_short_message_that_quotes_none_of_it() {
        byte[] forged = HostileMessages.giantHashRequest(6_000_000);
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> Codec.decode(forged, PeerMessage.class));
        assertTrue(e.getMessage().length() < 200, e.getMessage());
        assertTrue(e.getMessage().chars().allMatch(c -> c >= ' ' && c <= '~'), e.getMessage());
    }

    @Test
    void texts_longer_than_the_limits_are_refused_without_quoting_them() {
        List<Runnable> attempts = List.of(
                () -> new PeerMessage.Refused(HUGE, false),
                () -> new Sync.NotFound(HUGE),
                () -> new Sync.SnapshotNeeded(HUGE),
                () -> new Sync.Found(HUGE, 1, HASH, false, 1),
                () -> new Sync.Found("a/b", 1, HASH, false, 1),
                () -> new Sync.Located(HASH, HUGE, 1, false, List.of()),
                () -> new Sync.Seeder("p1", HUGE),
                () -> new Sync.Seeder(HUGE, "10.0.0.1:7378"),
                () -> new Sync.Check("p1", "a:b", 1),
                () -> new Sync.Search(HUGE, 10),
                () -> new Sync.LocalSearch(HUGE, 10),
                () -> new Sync.LocalLookup(HUGE),
                () -> new Sync.LocalLookup("ABCDEF"),
                () -> new Sync.LocalLookup("abc"),
                () -> new Transfer.MetaRequest(HUGE),
                () -> new IndexEntry(HUGE, 1, HASH, false),
                () -> new IndexEntry("x/".repeat(3000) + "y", 1, HASH, false));
        for (Runnable attempt : attempts) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, attempt::run);
            assertTrue(e.getMessage().length() < 120, e.getMessage());
            assertFalse(e.getMessage().contains("pwned") || e.getMessage().contains("\u001b"), e.getMessage());
        }
    }

    @Test
    void counts_above_the_limits_are_refused() {
        Sync.Found hit = new Sync.Found("film.mkv", 1, HASH, false, 1);
        assertThrows(IllegalArgumentException.class,
                () -> new Sync.Results(Collections.nCopies(Limits.MAX_RESULTS + 1, hit)));
        assertThrows(IllegalArgumentException.class,
                () -> new Sync.Results(List.of(hit), Collections.nCopies(Limits.MAX_PENDING + 1, "p1")));
        assertThrows(IllegalArgumentException.class, () -> new Sync.Results(List.of(hit), List.of("p\u001b[2J")));
        assertThrows(IllegalArgumentException.class,
                () -> new Sync.Results(List.of(hit), List.of("p".repeat(PeerStamp.MAX_PEER_ID + 1))));
        assertThrows(IllegalArgumentException.class,
                () -> new Sync.Ambiguous("abcdef", Collections.nCopies(Limits.MAX_RESULTS + 1, hit)));
        assertThrows(IllegalArgumentException.class, () -> new Sync.LocalSearch("film", Limits.MAX_RESULTS + 1));
        assertThrows(IllegalArgumentException.class, () -> new Sync.LocalSearch("film", 0));
        Sync.Seeder seeder = new Sync.Seeder("p1", "10.0.0.1:7378");
        assertThrows(IllegalArgumentException.class,
                () -> new Sync.Located(HASH, "film.mkv", 1, false, Collections.nCopies(Limits.MAX_SEEDERS + 1, seeder)));
    }

    @Test
    void boasting_uptimes_and_terms_near_the_largest_long_are_refused() {
        assertThrows(IllegalArgumentException.class, () -> new PeerStamp("evil", 1, 1L << 50));
        assertThrows(IllegalArgumentException.class, () -> new PeerStamp("evil", 1, Long.MAX_VALUE));
        PeerStamp stamp = new PeerStamp("evil", 1, 1000);
        assertThrows(IllegalArgumentException.class, () -> new Victory(stamp, Long.MAX_VALUE, 1));
        assertThrows(IllegalArgumentException.class, () -> new Beacon(stamp, 7378, "evil", Limits.MAX_TERM + 1));
        assertEquals(Limits.MAX_TERM, Limits.nextTerm(Limits.MAX_TERM));
        assertEquals(Limits.MAX_TERM, Limits.nextTerm(Long.MAX_VALUE));
        assertEquals(8, Limits.nextTerm(7));
    }

    @Test
    void the_largest_legal_answers_fit_a_frame() {
        String longestName = "\u4e2d".repeat(341); // 1,023 UTF-8 bytes
        List<Sync.Found> hits = new ArrayList<>();
        for (int i = 0; i < Limits.MAX_RESULTS; i++) {
            hits.add(new Sync.Found(longestName, Long.MAX_VALUE, HASH, true, Integer.MAX_VALUE));
        }
        List<String> pending = Collections.nCopies(Limits.MAX_PENDING, "p".repeat(PeerStamp.MAX_PEER_ID));
        assertTrue(Codec.encode(new Sync.Results(hits, pending)).length < PeerMessage.MAX_FRAME);
        List<Sync.Seeder> seeders = Collections.nCopies(Limits.MAX_SEEDERS,
                new Sync.Seeder("p".repeat(PeerStamp.MAX_PEER_ID), "255.255.255.254:65535".substring(1)));
        assertNotNull(Codec.encode(new Sync.Located(HASH, longestName, 1, false, seeders)));
    }

    @Test
    void endpoints_are_ipv4_literals_with_a_port_and_nothing_else() {
        for (String good : List.of("10.77.0.2:7378", "127.0.0.1:1", "192.168.1.255:65535", "1.2.3.4:80")) {
            assertNotNull(Endpoint.parse(good), good);
        }
        for (String bad : List.of("", "a:b", "localhost:7378", "example.org:80", "10.0.0.1", "10.0.0.1:", "10.0.0.1:0",
                "10.0.0.1:65536", "10.0.0.1:7378:1", "10.0.0.256:1", "10.0.0:1", "10.0.0.1.1:1", "010.0.0.1:1",
                "0.0.0.0:7378", "224.0.0.1:7378", "255.255.255.255:1", "[::1]:7378", " 10.0.0.1:1", "10.0.0.1:+1",
                "tcp://10.0.0.1:1", "1.2.3.4:0080")) {
            assertNull(Endpoint.parse(bad), bad);
        }
    }
}
