package io.iwant.daemon.leader.search;

import io.iwant.protocol.index.IndexEntry;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Fuzzy search over a plain list of entries, without building a {@link NetworkIndex}: one peer's own share when a
 * member is asked directly, or the names several members sent back. Ranked the way {@link SearchEngine} ranks the
 * network index: each query word's best match in the name ({@link Similarity#word}, kept from
 * {@link Similarity#minimum}; a two-letter word matches only itself) or, at {@value SearchEngine#PATH_WEIGHT}%, in
 * the folder path; query words weigh their length times their rarity in the list; the best
 * {@link SearchEngine#candidates} entries by coverage get the engine's final {@link SearchEngine#score}, are grouped
 * by content hash and ordered by score, name and hash. Every query word is compared with every distinct word of the
 * list instead of a trigram shortlist, so a word may match here that the engine would not have shortlisted.
 *
 * <p>It reads the entries one by one, scoring each distinct word and folder once per query; {@code stop} is asked
 * every {@value #STOP_EVERY} entries, and once it says so the entries read until then are ranked. Runs on the
 * caller's thread; keeps nothing between calls.
 */
public final class ListSearch {
    static final int STOP_EVERY = 256;

    private ListSearch() {
    }

    /** An entry reached by some query word, with the weighted sum of each query word's best value in it. */
    private record Reached(IndexEntry entry, int total) {
    }

    private record Scored(IndexEntry entry, int score) {
    }

    private static final Comparator<Reached> BY_TOTAL = Comparator.comparingInt((Reached r) -> -r.total())
            .thenComparingInt(r -> r.entry().name().length()).thenComparing(r -> r.entry().hash())
            .thenComparing(r -> r.entry().path());
    private static final Comparator<Scored> BY_SCORE = Comparator.comparingInt((Scored x) -> -x.score())
            .thenComparing(x -> x.entry().name()).thenComparing(x -> x.entry().hash());

    /**
     * The best {@code limit} hits for {@code query} among {@code entries}, best first, one per content hash, each
     * counted as held by one peer. A query without a word of two or more letters or digits finds nothing.
     *
     * @param stop asked now and then; true ends the reading, and what was read is ranked
     */
    public static List<SearchHit> search(List<IndexEntry> entries, String query, int limit, BooleanSupplier stop) {
        if (limit < 1) {
            throw new IllegalArgumentException("search limit must be at least 1, got " + limit);
        }
        SearchEngine.Query q = SearchEngine.Query.parse(query == null ? "" : query);
        int n = q.tokens().length;
        if (n == 0 || entries.isEmpty()) {
            return List.of();
        }
        Matcher matcher = new Matcher(q.tokens());
        List<int[]> bests = new ArrayList<>();
        List<IndexEntry> reached = new ArrayList<>();
        int[] volume = new int[n];
        int read = 0;
        for (IndexEntry entry : entries) {
            if (read > 0 && read % STOP_EVERY == 0 && stop.getAsBoolean()) {
                break;
            }
            read++;
            int[] best = matcher.best(entry);
            if (best != null) {
                reached.add(entry);
                bests.add(best);
                for (int t = 0; t < n; t++) {
                    volume[t] += best[t] > 0 ? 1 : 0;
                }
            }
        }
        int[] weights = new int[n];
        int weightSum = 0;
        for (int t = 0; t < n; t++) {
            weights[t] = q.weights()[t] * SearchEngine.rarity(read, volume[t]);
            weightSum += weights[t];
        }
        List<Reached> totals = new ArrayList<>(reached.size());
        for (int i = 0; i < reached.size(); i++) {
            int total = 0;
            for (int t = 0; t < n; t++) {
                total += bests.get(i)[t] * weights[t];
            }
            totals.add(new Reached(reached.get(i), total));
        }
        totals.sort(BY_TOTAL);
        int max = Math.min(limit, SearchEngine.MAX_LIMIT);
        Map<String, Scored> byHash = new HashMap<>();
        for (Reached r : totals.subList(0, Math.min(totals.size(), SearchEngine.candidates(max)))) {
            Scored scored = new Scored(r.entry(), SearchEngine.score(q, r.total() / weightSum, r.entry().name()));
            byHash.merge(r.entry().hash(), scored, (x, y) -> BY_SCORE.compare(x, y) <= 0 ? x : y);
        }
        List<Scored> groups = new ArrayList<>(byHash.values());
        groups.sort(BY_SCORE);
        List<SearchHit> hits = new ArrayList<>(Math.min(max, groups.size()));
        for (Scored g : groups.subList(0, Math.min(max, groups.size()))) {
            IndexEntry e = g.entry();
            hits.add(new SearchHit(e.name(), e.size(), e.hash(), e.dir(), 1));
        }
        return hits;
    }

    /** Each query word's score against each distinct word and folder of the list, computed once. */
    private static final class Matcher {
        private final String[] tokens;
        private final Map<String, int[]> words = new HashMap<>();
        private final Map<String, int[]> folders = new HashMap<>();

        Matcher(String[] tokens) {
            this.tokens = tokens;
        }

        /** Each query word's best value in the entry's name (score x 100) or folder path, or null if none matches. */
        int[] best(IndexEntry entry) {
            int[] best = new int[tokens.length];
            boolean any = false;
            for (String w : Words.analyze(entry.name()).indexWords()) {
                int[] scores = word(w);
                for (int t = 0; t < tokens.length; t++) {
                    best[t] = Math.max(best[t], scores[t] * 100);
                    any |= scores[t] > 0;
                }
            }
            int slash = entry.path().lastIndexOf('/');
            if (slash > 0) {
                int[] inFolder = folders.computeIfAbsent(entry.path().substring(0, slash), this::folder);
                for (int t = 0; t < tokens.length; t++) {
                    best[t] = Math.max(best[t], inFolder[t]);
                    any |= inFolder[t] > 0;
                }
            }
            return any ? best : null;
        }

        private int[] folder(String path) {
            int[] best = new int[tokens.length];
            for (String w : Words.analyze(path).indexWords()) {
                int[] scores = word(w);
                for (int t = 0; t < tokens.length; t++) {
                    best[t] = Math.max(best[t], scores[t] * SearchEngine.PATH_WEIGHT);
                }
            }
            return best;
        }

        private int[] word(String w) {
            return words.computeIfAbsent(w, word -> {
                int[] scores = new int[tokens.length];
                for (int t = 0; t < tokens.length; t++) {
                    String token = tokens[t];
                    if (token.length() < 3) {
                        scores[t] = token.equals(word) ? 100 : 0;
                    } else {
                        int score = Similarity.word(token, word);
                        scores[t] = score >= Similarity.minimum(token) ? score : 0;
                    }
                }
                return scores;
            });
        }
    }
}
