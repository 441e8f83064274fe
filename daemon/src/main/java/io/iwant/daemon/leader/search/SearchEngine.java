package io.iwant.daemon.leader.search;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Fuzzy search over an {@link IndexState}, in two stages.
 * <ol>
 *   <li>Candidates: each query word is resolved through the trigram index to similar vocabulary words
 *   ({@link WordIndex#match}); walking their postings gives every entry whose name (full weight) or folder path
 *   ({@value #PATH_WEIGHT}%) holds a similar word. An entry's coverage is the average, weighted by query word
 *   length and rarity, of each query word's best match in it: a name must cover the whole query to score high, so "al"
 *   cannot win "slicon valey". Query words are walked rarest first and, once no entry not reached yet could
 *   make the top any more, the common ones ("mkv", "jpg", "2023") only refine entries already reached (MaxScore
 *   pruning; the result is the same as walking everything). The best {@link #candidates} entries by coverage go
 *   on.</li>
 *   <li>Ranking: score = 80% coverage + 20% fuzzywuzzy token-sort ratio of the whole name against the whole
 *   query (a name without extra words wins). Entries are grouped by content hash (best name and score per hash),
 *   then ordered by score, name and hash, so equal scores always come out in the same order.</li>
 * </ol>
 * Callers hold the index's read lock; any number of searches may run at once.
 */
final class SearchEngine {
    static final int MAX_QUERY_CHARS = 256;
    static final int MAX_QUERY_WORDS = 12;
    static final int MAX_LIMIT = 1000;
    /** A word found in the folder path counts this percent of the same word in the name. */
    static final int PATH_WEIGHT = 85;

    private final SearchScratch.Pool pool = new SearchScratch.Pool();
    private final boolean prune;

    SearchEngine() {
        this(true);
    }

    /** {@code prune = false} walks every posting of every query word (the reference the pruning is tested against). */
    SearchEngine(boolean prune) {
        this.prune = prune;
    }

    /** A query's distinct search words (at most {@value #MAX_QUERY_WORDS}), their base weights, and its whole text. */
    record Query(String[] tokens, int[] weights, String text) {
        static Query parse(String raw) {
            String cut = raw.length() > MAX_QUERY_CHARS ? raw.substring(0, MAX_QUERY_CHARS) : raw;
            Words.Analysis analysis = Words.analyzeQuery(cut);
            Set<String> distinct = new LinkedHashSet<>();
            Set<String> all = new LinkedHashSet<>();
            for (String w : analysis.words()) {
                if (all.size() < MAX_QUERY_WORDS) {
                    all.add(w);
                }
                if (w.length() >= Words.MIN_INDEXED && distinct.size() < MAX_QUERY_WORDS) {
                    distinct.add(w);
                }
            }
            String[] tokens = distinct.toArray(new String[0]);
            int[] weights = new int[tokens.length];
            for (int i = 0; i < tokens.length; i++) {
                weights[i] = Math.max(2, Math.min(10, tokens[i].length()));
            }
            return new Query(tokens, weights, String.join(" ", all));
        }
    }

    private record Scored(int entry, int score, String name) {
    }

    static int candidates(int limit) {
        return Math.max(200, limit * 5);
    }

    /**
     * The best {@code limit} hits for {@code query}, best first. A query without any word of two or more letters
     * or digits (blank, punctuation, one letter) finds nothing.
     */
    List<SearchHit> search(IndexState state, String query, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("search limit must be at least 1, got " + limit);
        }
        Query q = Query.parse(query == null ? "" : query);
        if (q.tokens().length == 0 || state.entries.size() == 0) {
            return List.of();
        }
        int max = Math.min(limit, MAX_LIMIT);
        SearchScratch s = pool.take();
        try {
            s.ensureEntries(state.entries.capacity());
            int k = candidates(max);
            int weightSum = collectAll(state, s, q, k, prune);
            int[] top = TopCandidates.best(state, s, k);
            return rank(state, s, q, weightSum, top, max);
        } finally {
            s.reset();
            pool.give(s);
        }
    }

    /** Drops pooled scratches (their size follows the index, which may just have shrunk). */
    void trim() {
        pool.clear();
    }

    /**
     * Sums every query word's best match into {@code s.total}, MaxScore style: query words with the fewest postings
     * go first and add every entry they reach; once the k-th best total so far beats what the remaining words could
     * give an entry not reached yet, the remaining (common) words only refine the totals of entries already
     * reached, instead of walking hundreds of thousands of postings of "mkv" or "2023".
     *
     * <p>A query word weighs its length (2..10) times how rare it is (1..4): a word found in 1% of the entries or
     * fewer counts fully, one found in 10% ("mkv", "jpg") half, one found nearly everywhere a quarter. Missing
     * "silicon" costs a name more than missing "mkv". Returns the sum of the weights.
     */
    private static int collectAll(IndexState state, SearchScratch s, Query q, int k, boolean prune) {
        int n = q.tokens().length;
        long[] order = new long[n];
        int[] weights = new int[n];
        int weightSum = 0;
        long remaining = 0;
        double entries = state.entries.size();
        for (int t = 0; t < n; t++) {
            s.matchCount[t] = state.words.match(q.tokens()[t], s, s.matchWord[t], s.matchScore[t]);
            long volume = 0;
            for (int m = 0; m < s.matchCount[t]; m++) {
                volume += IntBags.size(state.words.entriesOf(s.matchWord[t][m])) + dirVolume(state, s.matchWord[t][m]);
            }
            weights[t] = q.weights()[t] * rarity(entries, volume);
            weightSum += weights[t];
            remaining += weights[t] * 10_000L;
            // Cheapest first per point of score it can add: a long, rare word cuts the most.
            order[t] = Math.min(volume / weights[t], Integer.MAX_VALUE) << 8 | t;
        }
        Arrays.sort(order);
        boolean expand = true;
        for (long o : order) {
            int t = (int) (o & 0xff);
            remaining -= weights[t] * 10_000L;
            for (int m = 0; m < s.matchCount[t]; m++) {
                int word = s.matchWord[t][m];
                int score = s.matchScore[t][m];
                if (expand) {
                    walk(state, s, word, score, false);
                } else {
                    refine(state, s, word, score);
                }
            }
            accumulate(s, weights[t]);
            if (!prune) {
                continue;
            }
            if (expand && s.touchedCount > k) {
                int kth = kthTotal(s, s.touched, s.touchedCount, k);
                if (kth > remaining) {
                    // Nobody unreached can make the top k now, nor anybody reached below kth - remaining.
                    expand = false;
                    s.narrow(s.touched, s.touchedCount, (int) (kth - remaining));
                }
            } else if (!expand) {
                s.narrow(s.active, s.activeCount, (int) (kthTotal(s, s.active, s.activeCount, k) - remaining));
            }
        }
        return weightSum;
    }

    /** 1 to 4: how rare a query word is among {@code entries} when {@code volume} of them hold a word like it. */
    static int rarity(double entries, long volume) {
        long rarity = Math.round(2 * Math.log10(entries / (volume + 1)));
        return (int) Math.max(1, Math.min(4, rarity));
    }

    /**
     * The final score of a name, 0..10000: 80% its coverage of the query (0..10000), 20% how close the whole name
     * is to the whole query.
     */
    static int score(Query q, int coverage, String name) {
        int fit = Similarity.fit(q.text(), Words.analyze(name).joined());
        return (coverage * 4 + fit * 100) / 5;
    }

    /** Raises the current query word's best score of the entries holding {@code word} (in name or folder path). */
    private static void walk(IndexState state, SearchScratch s, int word, int score, boolean reachedOnly) {
        int value = score * 100;
        int[] bag = state.words.entriesOf(word);
        for (int i = 1, end = IntBags.end(bag); i < end; i++) {
            int e = bag[i];
            if (e >= 0 && (!reachedOnly || s.total[e] != 0)) {
                raise(s, e, value);
            }
        }
        int pathValue = score * PATH_WEIGHT;
        int[] dirs = state.words.dirsOf(word);
        for (int i = 1, end = IntBags.end(dirs); i < end; i++) {
            if (dirs[i] < 0) {
                continue;
            }
            int[] inDir = state.entriesIn(dirs[i]);
            for (int j = 1, endJ = IntBags.end(inDir); j < endJ; j++) {
                int e = inDir[j];
                if (e >= 0 && (!reachedOnly || s.total[e] != 0)) {
                    raise(s, e, pathValue);
                }
            }
        }
    }

    /** Like {@link #walk} for the active entries only, probing their membership when that is cheaper. */
    private static void refine(IndexState state, SearchScratch s, int word, int score) {
        int[] bag = state.words.entriesOf(word);
        int[] dirs = state.words.dirsOf(word);
        if (IntBags.size(bag) + dirVolume(state, word) <= s.activeCount) {
            walk(state, s, word, score, true);
            return;
        }
        int value = score * 100;
        int pathValue = score * PATH_WEIGHT;
        boolean anyDir = IntBags.size(dirs) > 0;
        for (int i = 0; i < s.activeCount; i++) {
            int e = s.active[i];
            if (IntBags.contains(bag, e)) {
                raise(s, e, value);
            } else if (anyDir && IntBags.contains(dirs, state.entries.dir[e])) {
                raise(s, e, pathValue);
            }
        }
    }

    private static void raise(SearchScratch s, int e, int value) {
        int[] best = s.tokenBest;
        if (best[e] < value) {
            if (best[e] == 0) {
                s.touchByToken(e);
            }
            best[e] = value;
        }
    }

    private static long dirVolume(IndexState state, int word) {
        int[] dirs = state.words.dirsOf(word);
        long volume = 0;
        for (int i = 1, end = IntBags.end(dirs); i < end; i++) {
            if (dirs[i] >= 0) {
                volume += IntBags.size(state.entriesIn(dirs[i]));
            }
        }
        return volume;
    }

    /** Adds the current query word's best scores, weighted, to the totals, and clears them. */
    private static void accumulate(SearchScratch s, int weight) {
        int[] best = s.tokenBest;
        for (int i = 0; i < s.touchedByTokenCount; i++) {
            int e = s.touchedByToken[i];
            if (s.total[e] == 0) {
                s.touch(e);
            }
            s.total[e] += best[e] * weight;
            best[e] = 0;
        }
        s.touchedByTokenCount = 0;
    }

    /** The k-th largest total among {@code count} entries of {@code list} (k <= count). */
    private static int kthTotal(SearchScratch s, int[] list, int count, int k) {
        long[] a = s.selection(count);
        for (int i = 0; i < count; i++) {
            a[i] = s.total[list[i]];
        }
        return (int) TopCandidates.kthLargest(a, count, k);
    }

    private static List<SearchHit> rank(IndexState state, SearchScratch s, Query q, int weightSum, int[] top,
                                        int limit) {
        EntryStore entries = state.entries;
        Map<Integer, Scored> byHash = new HashMap<>();
        for (int e : top) {
            String name = entries.name(e);
            Scored scored = new Scored(e, score(q, s.total[e] / weightSum, name), name);
            byHash.merge(entries.hash[e], scored, (x, y) -> BY_SCORE_THEN_NAME.compare(x, y) <= 0 ? x : y);
        }
        List<Scored> groups = new ArrayList<>(byHash.values());
        Comparator<Scored> order = BY_SCORE_THEN_NAME.thenComparing(x -> state.hashes.hex(entries.hash[x.entry()]));
        groups.sort(order);
        List<SearchHit> hits = new ArrayList<>(Math.min(limit, groups.size()));
        for (Scored g : groups.subList(0, Math.min(limit, groups.size()))) {
            int e = g.entry();
            int h = entries.hash[e];
            hits.add(new SearchHit(g.name(), entries.size[e], state.hashes.hex(h), entries.isDir(e),
                    distinctPeers(state, h)));
        }
        return hits;
    }

    private static final Comparator<Scored> BY_SCORE_THEN_NAME =
            Comparator.comparingInt((Scored x) -> -x.score()).thenComparing(Scored::name);

    static int distinctPeers(IndexState state, int hash) {
        int[] seen = new int[8];
        int n = 0;
        for (int e = state.hashes.first(hash); e >= 0; e = state.entries.hashNext[e]) {
            int p = state.entries.peer[e];
            boolean known = false;
            for (int i = 0; i < n && !known; i++) {
                known = seen[i] == p;
            }
            if (!known) {
                if (n == seen.length) {
                    seen = Arrays.copyOf(seen, n * 2);
                }
                seen[n++] = p;
            }
        }
        return n;
    }
}
