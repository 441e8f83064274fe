package io.iwant.daemon.leader.search;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static io.iwant.daemon.leader.search.Fixtures.file;
import static org.junit.jupiter.api.Assertions.assertEquals;

class PruningTest {
    private static final String[] WORDS = {"silicon", "valley", "mkv", "1080p", "x264", "report", "2023", "final",
        "holiday", "photo", "jpg", "pdf", "season", "episode", "music", "live", "remix", "beach", "stone", "river"};

    @Test
    void pruned_search_returns_exactly_what_walking_every_posting_returns() {
        Random random = new Random(3);
        IndexState state = new IndexState();
        for (int p = 0; p < 3; p++) {
            IndexState.Peer peer = state.addPeer("peer" + p, "tcp://" + p);
            for (int i = 0; i < 4000; i++) {
                StringBuilder path = new StringBuilder(WORDS[random.nextInt(WORDS.length)] + "/");
                int words = 1 + random.nextInt(5);
                for (int w = 0; w < words; w++) {
                    path.append(w == 0 ? "" : ".").append(WORDS[random.nextInt(WORDS.length)]);
                }
                state.upsert(peer, file(path + "." + i % 97, "c" + random.nextInt(9000)), Integer.MAX_VALUE);
            }
        }
        SearchEngine pruned = new SearchEngine(true);
        SearchEngine exhaustive = new SearchEngine(false);
        List<String> queries = new ArrayList<>(List.of("slicon valey mkv", "mkv", "report final 2023 pdf",
                "holiday photo jpg beach", "stone river live remix music season episode"));
        for (int i = 0; i < 40; i++) {
            queries.add(WORDS[random.nextInt(WORDS.length)] + " " + WORDS[random.nextInt(WORDS.length)] + " "
                    + WORDS[random.nextInt(WORDS.length)].substring(1));
        }
        for (String q : queries) {
            assertEquals(exhaustive.search(state, q, 20), pruned.search(state, q, 20), q);
        }
    }
}
