package io.iwant.daemon.leader.search;

import io.iwant.protocol.index.IndexEntry;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static io.iwant.daemon.leader.search.Fixtures.file;
import static io.iwant.daemon.leader.search.Fixtures.folder;
import static io.iwant.daemon.leader.search.Fixtures.hashOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A plain list of one peer's entries is searched and ranked as the leader's network index would rank it. */
class ListSearchTest {
    private static final List<IndexEntry> MIX = List.of(file("tv/Silicon.Valley.S01E01.mkv"), file("music/al"),
            file("music/Al Green - Love and Happiness.mp3"), file("films/Valley.Girl.1983.720p.mkv"),
            file("docs/Silicone_Sealant_Datasheet.pdf"), file("films/The.Social.Network.2010.1080p.BluRay.x264.mkv"),
            file("docs/Quarterly_Report_2023_v2.pdf"), file("photos/IMG_20230514_123456.jpg"),
            file("music/Valerie.mp3"), file("docs/Slide_Icons.zip"), file("pkgs/libfoo-dev_1.2.3-1_amd64.deb"),
            file("misc/Sillicon Vally notes.txt"), file("a/b/Silicon Valley Bank report.pdf"),
            file("music/Café del Mar - Ibiza.mp3"), file("docs/Straße_nach_Malmö.pdf"),
            file("src/SiliconValleyPitchDeck.pptx"), file("iPhone Backup.zip"), folder("Music/Pink Floyd"),
            file("Music/Pink Floyd/01 - Speak to Me.flac"), file("Music/Pink Floyd/02 - Breathe.flac"),
            file("Music/Other/Breathe Easy.mp3"), file("tv/Silicon.Valley.S01E01.1080p.WEB.x264.mkv"),
            file("tv/Silicon.Valley.mkv"), file("x/Report B.pdf"), file("x/Report A.pdf"));

    private static List<String> listed(List<IndexEntry> entries, String query, int limit) {
        return ListSearch.search(entries, query, limit, () -> false).stream().map(SearchHit::name).toList();
    }

    private static List<String> engine(List<IndexEntry> entries, String query, int limit) {
        NetworkIndex index = new NetworkIndex();
        index.replacePeer("alice", "10.0.0.1:7378", entries);
        return index.search(query, limit).stream().map(SearchHit::name).toList();
    }

    @Test
    void the_best_hits_are_the_ones_the_leader_would_rank_first() {
        for (String query : List.of("slicon valey", "silcion valey", "quartely reprot 2023", "socail netwrk",
                "VALLEY SILICON", "cafe del mar", "strasse malmo", "iphone", "pitch deck valley", "siliconvalley",
                "silic vall", "pink floid", "pink floyd breathe", "silicon valley", "report", "al")) {
            assertEquals(engine(MIX, query, 3), listed(MIX, query, 3), query);
        }
    }

    @Test
    void a_rare_word_wins_among_thousands_of_names_sharing_the_common_words() {
        List<IndexEntry> crowd = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            crowd.add(file("tv/Some.Show.S01E" + i + ".1080p.WEB.x264.mkv"));
        }
        crowd.add(file("tv/Silicon.Valley.S01E05.1080p.WEB.x264.mkv"));
        assertEquals("Silicon.Valley.S01E05.1080p.WEB.x264.mkv", listed(crowd, "slicon valey 1080p web x264 mkv", 5)
                .get(0));
        assertEquals(10, listed(crowd, "1080p web x264 mkv", 10).size());
    }

    @Test
    void copies_of_one_content_are_one_hit_and_the_limit_caps_the_hits() {
        List<IndexEntry> entries = List.of(file("tv/Silicon.Valley.S01E01.mkv", "episode-1"),
                file("backup/sv1.mkv", "episode-1"), file("Silicon.Valley.S01E02.mkv", "episode-2"));
        List<SearchHit> hits = ListSearch.search(entries, "silicon valley s01e01", 10, () -> false);
        assertEquals(List.of(hashOf("episode-1"), hashOf("episode-2")), hits.stream().map(SearchHit::hash).toList());
        assertEquals(1, hits.get(0).peers());
        assertEquals(1, ListSearch.search(entries, "silicon valley", 1, () -> false).size());
    }

    @Test
    void nothing_similar_and_queries_without_words_find_nothing() {
        assertTrue(listed(MIX, "zzqxj wvkkp", 10).isEmpty());
        assertTrue(listed(MIX, "", 10).isEmpty());
        assertTrue(listed(MIX, "a", 10).isEmpty());
        assertTrue(ListSearch.search(MIX, null, 10, () -> false).isEmpty());
        assertTrue(listed(List.of(), "silicon", 10).isEmpty());
    }

    @Test
    void once_told_to_stop_it_ranks_what_it_has_read() {
        List<IndexEntry> many = new ArrayList<>();
        for (int i = 0; i < 10 * ListSearch.STOP_EVERY; i++) {
            many.add(file("holiday/Holiday Photo " + i + ".jpg"));
        }
        AtomicInteger asked = new AtomicInteger();
        List<SearchHit> hits = ListSearch.search(many, "holiday photo", 1000, () -> asked.incrementAndGet() >= 2);
        assertEquals(2, asked.get());
        assertEquals(2 * ListSearch.STOP_EVERY, hits.size());
    }
}
