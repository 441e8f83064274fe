package io.iwant.daemon.control;

import io.iwant.protocol.hash.HashPrefix;
import io.iwant.protocol.peer.Sync;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A download checks the leader's lookup answer against what the user typed instead of believing it. */
class LookupCheckTest {
    private static final String TYPED = "abcdef";
    private static final String MATCHING = "abcdef" + "0".repeat(58);
    private static final String OTHER = "123456" + "0".repeat(58);

    @Test
    void a_location_whose_hash_does_not_start_with_the_prefix_is_not_believed() {
        Sync.Located lie = new Sync.Located(OTHER, "evil.exe", 10, false,
                List.of(new Sync.Seeder("evil", "10.0.0.66:7378")));
        assertEquals(List.of(), DownloadRequests.matching(HashPrefix.parse(TYPED), lie));
    }

    @Test
    void a_matching_location_is_taken() {
        Sync.Located truth = new Sync.Located(MATCHING, "film.mkv", 10, false,
                List.of(new Sync.Seeder("p1", "10.0.0.1:7378")));
        assertEquals(List.of(MATCHING), DownloadRequests.matching(HashPrefix.parse(TYPED), truth).stream()
                .map(h -> h.hash()).toList());
    }

    @Test
    void candidates_of_an_ambiguous_answer_that_do_not_match_are_dropped() {
        Sync.Ambiguous answer = new Sync.Ambiguous(TYPED, List.of(
                new Sync.Found("a.txt", 1, MATCHING, false, 1), new Sync.Found("b.txt", 1, OTHER, false, 1)));
        assertEquals(List.of(MATCHING), DownloadRequests.matching(HashPrefix.parse(TYPED), answer).stream()
                .map(h -> h.hash()).toList());
    }

    @Test
    void not_found_names_nothing() {
        assertEquals(List.of(), DownloadRequests.matching(HashPrefix.parse(TYPED), new Sync.NotFound("nothing")));
    }
}
