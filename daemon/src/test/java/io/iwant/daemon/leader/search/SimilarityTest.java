package io.iwant.daemon.leader.search;

import me.xdrop.fuzzywuzzy.FuzzySearch;
import me.xdrop.fuzzywuzzy.ToStringFunction;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimilarityTest {
    @Test
    void the_quick_ratio_is_exactly_fuzzywuzzys_ratio() {
        Random random = new Random(11);
        int[] row = new int[Words.MAX_WORD + 2];
        for (int i = 0; i < 20_000; i++) {
            String a = randomWord(random);
            String b = randomWord(random);
            assertEquals(FuzzySearch.ratio(a, b, ToStringFunction.NO_PROCESS), Similarity.quickRatio(a, b, row),
                    a + " / " + b);
        }
    }

    @Test
    void typos_score_high_and_unrelated_words_low() {
        assertEquals(92, Similarity.word("slicon", "silicon"));
        assertEquals(91, Similarity.word("valey", "valley"));
        assertTrue(Similarity.word("valey", "al") < Similarity.minimum("valey"));
        assertTrue(Similarity.word("stone", "one") < Similarity.minimum("stone"));
    }

    @Test
    void a_typed_beginning_earns_prefix_credit_but_a_long_rest_discounts_it() {
        assertTrue(Similarity.word("silic", "silicon") >= Similarity.minimum("silic"));
        assertTrue(Similarity.word("stone", "stonemountainforecastfinal") < Similarity.minimum("stone"));
        assertTrue(Similarity.word("2032", "203211") < 85, "numbers get no prefix credit");
    }

    private static String randomWord(Random random) {
        char[] c = new char[1 + random.nextInt(12)];
        for (int i = 0; i < c.length; i++) {
            c[i] = (char) ('a' + random.nextInt(4));
        }
        return new String(c);
    }
}
