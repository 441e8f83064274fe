package io.iwant.daemon.leader.search;

import io.iwant.protocol.UserError;
import io.iwant.protocol.index.IndexEntry;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.iwant.daemon.leader.search.Fixtures.file;
import static io.iwant.daemon.leader.search.Fixtures.hashOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LookupTest {
    private final NetworkIndex index = new NetworkIndex();
    private final String heat = hashOf("heat");

    LookupTest() {
        index.replacePeer("bob", "tcp://10.0.0.2:7378", List.of(file("Heat (1995).mkv", "heat")));
        index.replacePeer("alice", "tcp://10.0.0.1:7378", List.of(file("films/Heat.1995.mkv", "heat")));
        index.replacePeer("carol", "tcp://10.0.0.3:7378", List.of(file("Heat.1995.mkv", "heat"),
                new IndexEntry("films", 99, hashOf("films"), true)));
    }

    @Test
    void a_full_hash_finds_the_name_size_kind_and_every_peer_holding_it() {
        Lookup.Found found = assertInstanceOf(Lookup.Found.class, index.lookup(heat));
        assertEquals(heat, found.hash());
        assertEquals("Heat.1995.mkv", found.name());
        assertEquals(4000L, found.size());
        assertEquals(false, found.dir());
        assertEquals(List.of(new PeerEndpoint("alice", "tcp://10.0.0.1:7378"),
                new PeerEndpoint("bob", "tcp://10.0.0.2:7378"), new PeerEndpoint("carol", "tcp://10.0.0.3:7378")),
                found.peers());
    }

    @Test
    void a_unique_prefix_of_six_digits_in_any_case_finds_it() {
        Lookup.Found found = assertInstanceOf(Lookup.Found.class, index.lookup(heat.substring(0, 6).toUpperCase()));
        assertEquals(heat, found.hash());
        assertInstanceOf(Lookup.Found.class, index.lookup("  " + heat.substring(0, 17) + " "));
    }

    @Test
    void a_folder_is_found_as_a_folder() {
        Lookup.Found found = assertInstanceOf(Lookup.Found.class, index.lookup(hashOf("films")));
        assertTrue(found.dir());
        assertEquals("films", found.name());
    }

    @Test
    void an_ambiguous_prefix_returns_the_candidates() {
        Map<String, List<String>> byPrefix = new HashMap<>();
        List<IndexEntry> entries = new ArrayList<>();
        String prefix = null;
        for (int i = 0; prefix == null; i++) {
            String content = "content " + i;
            String p = hashOf(content).substring(0, 6);
            byPrefix.computeIfAbsent(p, k -> new ArrayList<>()).add(content);
            entries.add(file("file " + i + ".bin", content));
            if (byPrefix.get(p).size() == 2) {
                prefix = p;
            }
        }
        index.replacePeer("dave", "tcp://10.0.0.4:7378", entries);
        Lookup.Ambiguous ambiguous = assertInstanceOf(Lookup.Ambiguous.class, index.lookup(prefix));
        List<String> expected = byPrefix.get(prefix).stream().map(Fixtures::hashOf).sorted().toList();
        assertEquals(expected, ambiguous.candidates().stream().map(Lookup.Candidate::hash).toList());
        assertEquals(false, ambiguous.more());
        assertTrue(ambiguous.message().contains(prefix), ambiguous.message());
        assertInstanceOf(Lookup.Found.class, index.lookup(expected.get(0)));
    }

    @Test
    void an_unknown_hash_is_not_found() {
        Lookup result = index.lookup("abcdef0123");
        assertInstanceOf(Lookup.NotFound.class, result);
        assertEquals("No peer on the network has a file or folder whose hash starts with abcdef0123.",
                result.message());
        assertInstanceOf(Lookup.NotFound.class, index.lookup(hashOf("nothing")));
    }

    @Test
    void a_hash_whose_last_holder_left_is_not_found() {
        index.removePeer("alice");
        index.removePeer("bob");
        index.apply("carol", List.of(), List.of("Heat.1995.mkv"));
        assertInstanceOf(Lookup.NotFound.class, index.lookup(heat));
    }

    @Test
    void a_too_short_prefix_is_refused_with_a_sentence() {
        UserError e = assertThrows(UserError.class, () -> index.lookup("abc12"));
        assertEquals(UserError.USAGE, e.exitCode());
        assertEquals("The hash prefix \"abc12\" is too short: give at least 6 hex digits.", e.getMessage());
    }

    @Test
    void a_prefix_that_is_not_hex_is_refused_with_a_sentence() {
        UserError e = assertThrows(UserError.class, () -> index.lookup("silicon"));
        assertEquals("\"silicon\" is not a hash: use only the hex digits 0-9 and a-f that search prints.",
                e.getMessage());
        assertThrows(UserError.class, () -> index.lookup(""));
        assertThrows(UserError.class, () -> index.lookup((String) null));
        assertThrows(UserError.class, () -> index.lookup(heat + "0"));
    }
}
