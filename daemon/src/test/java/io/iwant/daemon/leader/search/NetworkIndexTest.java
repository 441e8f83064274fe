package io.iwant.daemon.leader.search;

import io.iwant.protocol.index.IndexEntry;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.iwant.daemon.leader.search.Fixtures.file;
import static io.iwant.daemon.leader.search.Fixtures.hashOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NetworkIndexTest {
    private final NetworkIndex index = new NetworkIndex();

    /** The names found, sorted (the ranking order is SearchTest's subject). */
    private List<String> names(String query) {
        return index.search(query, 20).stream().map(SearchHit::name).sorted().toList();
    }

    @Test
    void a_snapshot_makes_a_peer_searchable_with_its_endpoint() {
        index.replacePeer("alice", "tcp://127.0.0.1:7001", List.of(file("tv/Silicon.Valley.S01E01.mkv")));
        assertEquals(List.of("Silicon.Valley.S01E01.mkv"), names("silicon valley"));
        assertEquals("tcp://127.0.0.1:7001", index.endpoint("alice").orElseThrow());
        assertEquals(1, index.peerCount());
        assertEquals(1, index.entryCount());
        assertEquals(1, index.entryCount("alice"));
    }

    @Test
    void a_new_snapshot_drops_what_it_no_longer_lists_and_updates_the_endpoint() {
        index.replacePeer("alice", "tcp://a:1", List.of(file("Old Movie.mkv"), file("Kept Movie.mkv")));
        index.replacePeer("alice", "tcp://a:2", List.of(file("Kept Movie.mkv"), file("New Movie.mkv")));
        assertEquals(List.of("Kept Movie.mkv", "New Movie.mkv"), names("movie"));
        assertEquals("tcp://a:2", index.endpoint("alice").orElseThrow());
        assertEquals(2, index.entryCount());
    }

    @Test
    void a_snapshot_received_in_pieces_drops_stale_entries_only_at_commit() {
        index.replacePeer("alice", "tcp://a", List.of(file("Old Song.mp3"), file("Kept Song.mp3")));
        NetworkIndex.Snapshot snapshot = index.beginSnapshot("alice", "tcp://a");
        snapshot.add(List.of(file("Kept Song.mp3")));
        snapshot.add(List.of(file("New Song.mp3")));
        assertEquals(List.of("Kept Song.mp3", "New Song.mp3", "Old Song.mp3"), names("song"));
        assertEquals(1, snapshot.commit());
        assertEquals(List.of("Kept Song.mp3", "New Song.mp3"), names("song"));
    }

    @Test
    void a_superseded_snapshot_cannot_be_continued() {
        NetworkIndex.Snapshot first = index.beginSnapshot("alice", "tcp://a");
        index.beginSnapshot("alice", "tcp://a");
        assertThrows(IllegalStateException.class, () -> first.add(List.of(file("x.txt"))));
    }

    @Test
    void a_delta_adds_and_removes_paths() {
        index.replacePeer("alice", "tcp://a", List.of(file("docs/Budget 2023.xlsx"), file("docs/Budget 2024.xlsx")));
        assertTrue(index.apply("alice", List.of(file("docs/Budget 2025.xlsx")), List.of("docs/Budget 2023.xlsx")));
        assertEquals(List.of("Budget 2024.xlsx", "Budget 2025.xlsx"), names("budget"));
        assertTrue(index.search("budget 2023", 10).stream().noneMatch(h -> h.name().equals("Budget 2023.xlsx")));
    }

    @Test
    void an_upsert_replaces_the_entry_at_the_same_path() {
        index.replacePeer("alice", "tcp://a", List.of(file("notes.txt", "version 1")));
        index.apply("alice", List.of(file("notes.txt", "version 2")), List.of());
        List<SearchHit> hits = index.search("notes", 10);
        assertEquals(1, hits.size());
        assertEquals(hashOf("version 2"), hits.get(0).hash());
        assertEquals(1, index.entryCount());
        assertEquals(1, index.hashCount());
    }

    @Test
    void an_upsert_can_turn_a_file_into_a_folder() {
        index.replacePeer("alice", "tcp://a", List.of(file("Holidays")));
        index.apply("alice", List.of(new IndexEntry("Holidays", 10, hashOf("dir"), true)), List.of());
        assertTrue(index.search("holidays", 10).get(0).dir());
    }

    @Test
    void removing_an_unknown_path_changes_nothing() {
        index.replacePeer("alice", "tcp://a", List.of(file("a/Report.pdf")));
        index.apply("alice", List.of(), List.of("a/Nothing.pdf", "b/Report.pdf", "Report.pdf"));
        assertEquals(List.of("Report.pdf"), names("report"));
    }

    @Test
    void a_delta_from_an_unknown_peer_is_refused_so_the_caller_asks_for_a_snapshot() {
        assertFalse(index.apply("stranger", List.of(file("x.txt")), List.of()));
        assertEquals(0, index.entryCount());
    }

    @Test
    void the_same_path_on_two_peers_is_two_entries() {
        index.replacePeer("alice", "tcp://a", List.of(file("Movies/Heat.1995.mkv", "heat")));
        index.replacePeer("bob", "tcp://b", List.of(file("Movies/Heat.1995.mkv", "heat")));
        assertEquals(2, index.entryCount());
        assertEquals(1, index.hashCount());
        assertEquals(2, index.search("heat", 10).get(0).peers());
        index.apply("bob", List.of(), List.of("Movies/Heat.1995.mkv"));
        assertEquals(1, index.search("heat", 10).get(0).peers());
    }

    @Test
    void a_peer_that_leaves_takes_its_entries_and_peer_counts_with_it() {
        index.replacePeer("alice", "tcp://a", List.of(file("Heat.1995.mkv", "heat"), file("Alien.1979.mkv")));
        index.replacePeer("bob", "tcp://b", List.of(file("Heat (1995).mkv", "heat"), file("Bobs Only.mkv")));
        assertTrue(index.removePeer("bob"));
        assertFalse(index.removePeer("bob"));
        assertEquals(List.of("Alien.1979.mkv"), names("alien"));
        assertTrue(index.search("bobs only", 10).isEmpty());
        SearchHit heat = index.search("heat", 10).get(0);
        assertEquals("Heat.1995.mkv", heat.name());
        assertEquals(1, heat.peers());
        assertEquals(1, index.peerCount());
        assertTrue(index.endpoint("bob").isEmpty());
    }

    @Test
    void clear_forgets_everything() {
        index.replacePeer("alice", "tcp://a", List.of(file("Heat.1995.mkv")));
        index.clear();
        assertEquals(0, index.entryCount());
        assertEquals(0, index.peerCount());
        assertEquals(0, index.wordCount());
        assertTrue(index.search("heat", 10).isEmpty());
    }

    @Test
    void removing_everything_leaves_no_words_hashes_or_folders_behind() {
        List<IndexEntry> many = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            many.add(file("dir" + (i % 37) + "/sub/File Number " + i + " of the batch.txt"));
        }
        index.replacePeer("alice", "tcp://a", many);
        index.replacePeer("bob", "tcp://b", many.subList(0, 2500));
        assertEquals(7500, index.entryCount());
        assertEquals(5000, index.hashCount());
        index.removePeer("alice");
        index.replacePeer("bob", "tcp://b", List.of());
        assertEquals(0, index.entryCount());
        assertEquals(0, index.hashCount());
        assertEquals(0, index.wordCount());
        index.replacePeer("carol", "tcp://c", many.subList(0, 10));
        assertEquals(List.of("File Number 7 of the batch.txt"), index.search("file number 7", 1).stream()
                .map(SearchHit::name).toList());
    }

    @Test
    void a_hostile_peer_of_one_common_word_and_the_longest_names_is_indexed_searched_and_removed_quickly() {
        List<IndexEntry> hostile = new ArrayList<>();
        for (int i = 0; i < 200_000; i++) {
            hostile.add(file("x/common " + i + ".bin"));
        }
        // The longest path and names a peer may send, full of words: 16 folders and a name of 240 letters each.
        List<String> folders = new ArrayList<>();
        for (int f = 0, w = 0; f < 16; f++) {
            StringBuilder folder = new StringBuilder();
            while (folder.length() < 230) {
                folder.append('w').append(w++).append(' ');
            }
            folders.add(folder.toString().strip());
        }
        hostile.add(file(String.join("/", folders) + "/" + "n".repeat(200) + ".bin"));
        hostile.add(file("x/" + "w".repeat(240) + ".bin"));
        long started = System.nanoTime();
        index.replacePeer("mallory", "tcp://m", hostile);
        index.replacePeer("alice", "tcp://a", List.of(file("docs/common report.pdf")));
        assertEquals(200_003, index.entryCount());
        assertTrue(names("common report").contains("common report.pdf"));
        assertFalse(index.search("w499", 5).isEmpty());
        index.replacePeer("mallory", "tcp://m", hostile.subList(0, 100_000));
        assertEquals(100_001, index.entryCount());
        index.removePeer("mallory");
        assertEquals(List.of("common report.pdf"), names("common report"));
        assertEquals(1, index.hashCount());
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;
        assertTrue(seconds < 30, "took " + seconds + " s");
    }

    @Test
    void the_limit_must_be_positive() {
        assertThrows(IllegalArgumentException.class, () -> index.search("x", 0));
    }

    @Test
    void peers_lists_every_peer_with_its_endpoint_sorted_by_id() {
        index.replacePeer("bob", "tcp://b", List.of());
        index.replacePeer("alice", "tcp://a", List.of());
        assertEquals(List.of(new PeerEndpoint("alice", "tcp://a"), new PeerEndpoint("bob", "tcp://b")), index.peers());
    }

    @Test
    void a_peer_cannot_hold_more_than_its_cap_but_may_still_replace_what_it_has() {
        NetworkIndex capped = new NetworkIndex(3);
        capped.replacePeer("greedy", "tcp://g", List.of(file("a.txt"), file("b.txt"), file("c.txt"),
                file("d.txt"), file("e.txt")));
        assertEquals(3, capped.entryCount("greedy"));
        capped.apply("greedy", List.of(file("a.txt", "new content")), List.of());
        assertEquals(hashOf("new content"), capped.search("a txt", 1).get(0).hash());
        capped.replacePeer("modest", "tcp://m", List.of(file("f.txt")));
        assertEquals(1, capped.entryCount("modest"));
    }
}
