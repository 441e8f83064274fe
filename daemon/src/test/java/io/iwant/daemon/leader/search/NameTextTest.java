package io.iwant.daemon.leader.search;

import io.iwant.protocol.index.IndexEntry;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static io.iwant.daemon.leader.search.Fixtures.file;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NameTextTest {
    @Test
    void names_of_every_length_and_script_read_back_as_they_were_stored() {
        EntryStore entries = new EntryStore();
        List<String> names = List.of("a", "x".repeat(127), "y".repeat(128), "z".repeat(20_000), "Café Straße.txt",
                "東京の夜.mkv", "\uD83C\uDFB5 song.flac", "Silicon.Valley.S01E01.mkv");
        List<Integer> ids = new ArrayList<>();
        names.forEach(n -> ids.add(entries.alloc(n)));
        for (int i = 0; i < names.size(); i++) {
            int e = ids.get(i);
            assertEquals(names.get(i), entries.name(e));
            assertTrue(entries.nameIs(e, names.get(i).getBytes(StandardCharsets.UTF_8)));
            assertFalse(entries.nameIs(e, (names.get(i) + "!").getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Test
    void names_stay_right_when_freed_ones_are_compacted_away() {
        EntryStore entries = new EntryStore();
        java.util.Map<Integer, String> kept = new java.util.HashMap<>();
        // far more than a megabyte of freed names, so that later additions compact the text, several times
        for (int i = 0; i < 200_000; i++) {
            String name = "episode-" + i + "-" + "w".repeat(i % 40) + ".mkv";
            int e = entries.alloc(name);
            if (i % 7 == 0) {
                kept.put(e, name);
            } else {
                entries.free(e);
            }
        }
        kept.forEach((e, name) -> assertEquals(name, entries.name(e)));
    }

    @Test
    void after_compactions_every_entry_still_has_its_own_name_and_search_finds_it() {
        NetworkIndex index = new NetworkIndex();
        List<IndexEntry> first = new ArrayList<>();
        List<IndexEntry> last = new ArrayList<>();
        for (int i = 0; i < 30_000; i++) {
            IndexEntry e = file("Series " + (i % 50) + "/Show.Number." + i + ".S0" + (i % 9) + "E" + (i % 30)
                    + ".1080p.WEB-DL.x264-GROUP.mkv");
            first.add(e);
            if (i % 10 == 0) {
                last.add(e);
            }
        }
        for (int i = 0; i < 20_000; i++) {
            last.add(file("Documents/Report " + i + " final draft (" + (i % 13) + ").pdf"));
        }
        index.replacePeer("peer-a", "tcp://10.0.0.1:7378", first);
        index.replacePeer("peer-a", "tcp://10.0.0.1:7378", last); // adds 20,000 names, then frees 27,000
        for (int i = 0; i < 40_000; i++) { // added among the gaps: the text compacts
            last.add(file("Music/Artist " + (i % 300) + "/" + i + " - Track Title Number " + i + ".flac"));
        }
        index.replacePeer("peer-a", "tcp://10.0.0.1:7378", last);

        assertEquals(last.size(), index.entryCount());
        for (IndexEntry e : last) {
            Lookup found = index.lookup(e.hash());
            String name = e.path().substring(e.path().lastIndexOf('/') + 1);
            assertEquals(name, ((Lookup.Found) found).name());
        }
        assertEquals("Show.Number.2990.S02E20.1080p.WEB-DL.x264-GROUP.mkv",
                index.search("show number 2990 s02e20", 5).get(0).name());
        assertEquals("Report 19999 final draft (5).pdf", index.search("raport 19999 final", 5).get(0).name());
        assertEquals("39999 - Track Title Number 39999.flac", index.search("trak title 39999", 5).get(0).name());
    }
}
