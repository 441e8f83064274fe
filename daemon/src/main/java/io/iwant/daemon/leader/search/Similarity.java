package io.iwant.daemon.leader.search;

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
    /**
     * Below this a name word is unrelated to query word {@code t}: about one typo (a missing, extra, wrong or swapped
     * letter) for short words, two or three for long ones, so "stone" does not match "one".
     */
    static int minimum(String t) {
        int n = t.length();
        return n <= 3 ? 80 : n == 4 ? 75 : n == 5 ? 78 : n <= 8 ? 72 : 70;
    }

    private Similarity() {
    }

    /** How well name word {@code w} matches query word {@code t}, 0..100 (typos, missing letters, prefixes). */
    static int word(String t, String w) {
        int score = FuzzySearch.ratio(t, w, ToStringFunction.NO_PROCESS);
        int lt = t.length();
        int lw = w.length();
        if (lt >= 3 && lw > lt + 1 && hasLetter(t)) {
            // The query word may be the beginning of the name word, typos allowed: compare with w's first letters,
            // then discount by how much of w is left unmatched ("silic" → "silicon" 88, "stone" → a 26-letter
            // compound 68). Numbers get no prefix credit: "2032" is not the start of "203211".
            int prefix = Math.max(FuzzySearch.ratio(t, w.substring(0, lt), ToStringFunction.NO_PROCESS),
                    FuzzySearch.ratio(t, w.substring(0, lt + 1), ToStringFunction.NO_PROCESS));
            score = Math.max(score, prefix * (60 * lw + 40 * lt) / (100 * lw));
        }
        return score;
    }

    private static boolean hasLetter(String t) {
        for (int i = 0; i < t.length(); i++) {
            if (Character.isLetter(t.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /**
     * fuzzywuzzy's {@code ratio} (2 x longest common subsequence / total length, 0..100) without its allocations,
     * for shortlisting hundreds of vocabulary words; {@code row} has room for {@code w.length() + 1} ints.
     */
    static int quickRatio(String t, String w, int[] row) {
        int m = w.length();
        java.util.Arrays.fill(row, 0, m + 1, 0);
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            int diagonal = 0;
            for (int j = 1; j <= m; j++) {
                int up = row[j];
                row[j] = c == w.charAt(j - 1) ? diagonal + 1 : Math.max(up, row[j - 1]);
                diagonal = up;
            }
        }
        return Math.round(200f * row[m] / (t.length() + m));
    }

    /** How close the whole name is to the whole query, word order ignored, 0..100; favours names without extras. */
    static int fit(String query, String name) {
        return FuzzySearch.tokenSortRatio(query, name, ToStringFunction.NO_PROCESS);
    }
}
