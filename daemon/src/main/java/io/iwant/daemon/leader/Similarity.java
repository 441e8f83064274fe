package io.iwant.daemon.leader;

import me.xdrop.fuzzywuzzy.FuzzySearch;
import me.xdrop.fuzzywuzzy.ToStringFunction;

/**
 * The two fuzzywuzzy measures behind the ranking, on texts {@link Words} already normalized.
 *
 * <p>Raw {@code WRatio} is not used: its partial matching aligns the shorter string inside the longer, so a
 * two-letter name like "al" scores 90 against "slicon valey". Instead a name is scored by how well it covers the
 * query: every query word is matched to its best word of the name ({@link #word}), and partial credit goes only
 * one way, to a query word that is the start of a longer name word ("sil" → "silicon"), never to a name word
 * hiding inside a longer query word.
 */
final class Similarity {
    /** Below this a query word and a name word are unrelated. */
    static final int MIN_WORD = 70;

    private Similarity() {
    }

    /** How well name word {@code w} matches query word {@code t}, 0..100 (typos, missing letters, prefixes). */
    static int word(String t, String w) {
        int score = FuzzySearch.ratio(t, w, ToStringFunction.NO_PROCESS);
        int lt = t.length();
        int lw = w.length();
        if (lt >= 3 && lw > lt + 1) {
            // The query word may be the beginning of the name word, typos allowed: compare with w's first letters,
            // then discount by how much of w is left unmatched (a longer remainder is a weaker hint).
            int prefix = Math.max(FuzzySearch.ratio(t, w.substring(0, lt), ToStringFunction.NO_PROCESS),
                    FuzzySearch.ratio(t, w.substring(0, lt + 1), ToStringFunction.NO_PROCESS));
            score = Math.max(score, prefix * (75 * lw + 20 * lt) / (100 * lw));
        }
        return score;
    }

    /** How close the whole name is to the whole query, word order ignored, 0..100; favours names without extras. */
    static int fit(String query, String name) {
        return FuzzySearch.tokenSortRatio(query, name, ToStringFunction.NO_PROCESS);
    }
}
