package io.iwant.daemon.leader.search;

import org.junit.jupiter.api.Test;

import java.util.List;

import static io.iwant.daemon.leader.search.Fixtures.file;
import static io.iwant.daemon.leader.search.Fixtures.folder;
import static io.iwant.daemon.leader.search.Fixtures.hashOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SearchTest {
    private final NetworkIndex index = new NetworkIndex();

    private void share(String peer, Object... entries) {
        List<io.iwant.protocol.index.IndexEntry> list = new java.util.ArrayList<>();
        for (Object e : entries) {
            list.add(e instanceof String s ? file(s) : (io.iwant.protocol.index.IndexEntry) e);
        }
        index.replacePeer(peer, "tcp://127.0.0.1:7" + peer.hashCode() % 1000, list);
    }

    private List<String> names(String query) {
        return index.search(query, 10).stream().map(SearchHit::name).toList();
    }

    private String top(String query) {
        List<String> names = names(query);
        assertFalse(names.isEmpty(), "no hit for " + query);
        return names.get(0);
    }

    private void shareTheUsualMix() {
        share("alice", "tv/Silicon.Valley.S01E01.mkv", "music/al", "music/Al Green - Love and Happiness.mp3",
                "films/Valley.Girl.1983.720p.mkv", "docs/Silicone_Sealant_Datasheet.pdf",
                "films/The.Social.Network.2010.1080p.BluRay.x264.mkv", "docs/Quarterly_Report_2023_v2.pdf",
                "photos/IMG_20230514_123456.jpg", "music/Valerie.mp3", "docs/Slide_Icons.zip");
        share("bob", "pkgs/libfoo-dev_1.2.3-1_amd64.deb", "pkgs/foo-1.2.3.tar.gz", "misc/Sillicon Vally notes.txt",
                "a/b/Silicon Valley Bank report.pdf");
    }

    @Test
    void slicon_valey_ranks_the_silicon_valley_episode_first() {
        shareTheUsualMix();
        assertEquals("Silicon.Valley.S01E01.mkv", top("slicon valey"));
    }

    @Test
    void the_two_letter_name_al_does_not_win_slicon_valey() {
        shareTheUsualMix();
        List<String> names = names("slicon valey");
        assertFalse(names.subList(0, Math.min(3, names.size())).contains("al"), names.toString());
    }

    @Test
    void typos_missing_letters_and_transpositions_do_not_matter() {
        shareTheUsualMix();
        assertEquals("Silicon.Valley.S01E01.mkv", top("silcion valey"));
        assertEquals("Quarterly_Report_2023_v2.pdf", top("quartely reprot 2023"));
        assertEquals("The.Social.Network.2010.1080p.BluRay.x264.mkv", top("socail netwrk"));
    }

    @Test
    void word_order_and_case_do_not_matter() {
        shareTheUsualMix();
        assertEquals("Silicon.Valley.S01E01.mkv", top("VALLEY SILICON"));
        assertEquals("Quarterly_Report_2023_v2.pdf", top("report QUARTERLY"));
    }

    @Test
    void accents_are_folded_on_both_sides() {
        share("alice", "music/Café del Mar - Ibiza.mp3", "docs/Straße_nach_Malmö.pdf", "docs/cafe menu.txt");
        assertEquals("Café del Mar - Ibiza.mp3", top("cafe del mar"));
        assertEquals("Straße_nach_Malmö.pdf", top("strasse malmo"));
        assertEquals("cafe menu.txt", top("café menü"));
    }

    @Test
    void camel_case_and_separators_split_words() {
        share("alice", "src/SiliconValleyPitchDeck.pptx", "src/quarterly-report_final.v3.docx", "iPhone Backup.zip");
        assertEquals("iPhone Backup.zip", top("iphone"));
        assertEquals("iPhone Backup.zip", top("iPhone"));
        assertEquals("SiliconValleyPitchDeck.pptx", top("pitch deck valley"));
        assertEquals("SiliconValleyPitchDeck.pptx", top("siliconvalley"));
        assertEquals("SiliconValleyPitchDeck.pptx", top("SiliconValley"));
        assertEquals("quarterly-report_final.v3.docx", top("report final"));
    }

    @Test
    void a_prefix_of_a_word_finds_it() {
        shareTheUsualMix();
        assertEquals("Silicon.Valley.S01E01.mkv", top("silic vall"));
    }

    @Test
    void folders_are_searchable_and_their_words_reach_the_files_inside() {
        share("alice", folder("Music/Pink Floyd"), "Music/Pink Floyd/01 - Speak to Me.flac",
                "Music/Pink Floyd/02 - Breathe.flac", "Music/Other/Breathe Easy.mp3");
        SearchHit first = index.search("pink floid", 10).get(0);
        assertEquals("Pink Floyd", first.name());
        assertTrue(first.dir());
        assertEquals("02 - Breathe.flac", top("pink floyd breathe"));
    }

    @Test
    void a_name_that_covers_the_query_beats_one_with_extra_words() {
        share("alice", "tv/Silicon.Valley.S01E01.1080p.WEB.x264.mkv", "tv/Silicon.Valley.mkv");
        assertEquals(List.of("Silicon.Valley.mkv", "Silicon.Valley.S01E01.1080p.WEB.x264.mkv"),
                names("silicon valley"));
    }

    @Test
    void hits_group_by_hash_and_count_the_distinct_peers_holding_it() {
        share("alice", file("tv/Silicon.Valley.S01E01.mkv", "episode-1"), file("backup/sv1.mkv", "episode-1"));
        share("bob", file("Silicon.Valley.S01E01.mkv", "episode-1"));
        share("carol", file("Silicon Valley S01E01.mkv", "episode-1"), file("Silicon.Valley.S01E02.mkv", "episode-2"));

        List<SearchHit> hits = index.search("silicon valley s01e01", 10);
        assertEquals(2, hits.size(), hits.toString());
        SearchHit episode1 = hits.get(0);
        assertEquals(hashOf("episode-1"), episode1.hash());
        assertEquals(3, episode1.peers());
        assertEquals("episode-1".length() * 1000L, episode1.size());
        assertFalse(episode1.dir());
        assertEquals(hashOf("episode-2"), hits.get(1).hash());
        assertEquals(1, hits.get(1).peers());
    }

    @Test
    void equal_scores_come_out_in_name_order_whatever_the_insertion_order() {
        share("bob", "x/Report B.pdf", "x/Report A.pdf", "x/Report C.pdf");
        share("alice", "y/Report C.pdf", "y/Report A.pdf");
        List<String> first = names("report");
        NetworkIndex other = new NetworkIndex();
        other.replacePeer("alice", "tcp://a", List.of(file("y/Report A.pdf"), file("y/Report C.pdf")));
        other.replacePeer("bob", "tcp://b", List.of(file("x/Report C.pdf"), file("x/Report A.pdf"),
                file("x/Report B.pdf")));
        assertEquals(first, other.search("report", 10).stream().map(SearchHit::name).toList());
        assertEquals(List.of("Report A.pdf", "Report A.pdf", "Report B.pdf", "Report C.pdf", "Report C.pdf"), first);
    }

    @Test
    void the_limit_caps_the_number_of_hits() {
        for (int i = 0; i < 30; i++) {
            share("peer" + i, "Holiday Photo " + i + ".jpg");
        }
        assertEquals(5, index.search("holiday photo", 5).size());
        assertEquals(30, index.search("holiday photo", 100).size());
    }

    @Test
    void blank_and_one_letter_queries_find_nothing_without_failing() {
        shareTheUsualMix();
        assertTrue(index.search("", 10).isEmpty());
        assertTrue(index.search("   ", 10).isEmpty());
        assertTrue(index.search("a", 10).isEmpty());
        assertTrue(index.search("._-", 10).isEmpty());
        assertTrue(index.search(null, 10).isEmpty());
    }

    @Test
    void two_letter_queries_work() {
        share("alice", "music/al", "tv/Silicon.Valley.S01E01.mkv");
        assertEquals("al", top("al"));
    }

    @Test
    void nothing_similar_finds_nothing() {
        shareTheUsualMix();
        assertTrue(index.search("zzqxj wvkkp", 10).isEmpty());
    }

    @Test
    void an_empty_index_finds_nothing() {
        assertTrue(index.search("silicon valley", 10).isEmpty());
    }

    @Test
    void a_giant_query_is_cut_not_refused() {
        shareTheUsualMix();
        String giant = "silicon valley ".repeat(5000);
        assertEquals("Silicon.Valley.S01E01.mkv", top(giant));
    }

    @Test
    void a_rare_word_still_wins_among_thousands_of_names_sharing_the_common_words() {
        List<io.iwant.protocol.index.IndexEntry> crowd = new java.util.ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            crowd.add(file("tv/Some.Show.S01E" + i + ".1080p.WEB.x264.mkv"));
        }
        crowd.add(file("tv/Silicon.Valley.S01E05.1080p.WEB.x264.mkv"));
        index.replacePeer("alice", "tcp://a", crowd);
        assertEquals("Silicon.Valley.S01E05.1080p.WEB.x264.mkv", top("slicon valey 1080p web x264 mkv"));
        assertEquals("Silicon.Valley.S01E05.1080p.WEB.x264.mkv", top("mkv x264 web 1080p valley"));
        assertEquals(10, index.search("1080p web x264 mkv", 10).size());
    }
}
