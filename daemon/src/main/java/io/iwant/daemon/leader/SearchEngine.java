package io.iwant.daemon.leader;

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
 *   length, of each query word's best match in it: a name must cover the whole query to score high, so "al"
 *   cannot win "slicon valey". The best {@link #candidates} entries by coverage go on.</li>
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

    private record Query(String[] tokens, int[] weights, int weightSum, String text) {
        static Query parse(String raw) {
            String cut = raw.length() > MAX_QUERY_CHARS ? raw.substring(0, MAX_QUERY_CHARS) : raw;
            Words.Analysis analysis = Words.analyze(cut);
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
            int sum = 0;
            for (int i = 0; i < tokens.length; i++) {
                weights[i] = Math.max(2, Math.min(10, tokens[i].length()));
                sum += weights[i];
            }
            return new Query(tokens, weights, sum, String.join(" ", all));
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
            for (int t = 0; t < q.tokens().length; t++) {
                collect(state, s, q.tokens()[t], q.weights()[t]);
            }
            int[] top = best(state, s, candidates(max));
            return rank(state, s, q, top, max);
        } finally {
            s.reset();
            pool.give(s);
        }
    }

    /** Drops pooled scratches (their size follows the index, which may just have shrunk). */
    void trim() {
        pool.clear();
    }

    private static void collect(IndexState state, SearchScratch s, String token, int weight) {
        int matches = state.words.match(token, s);
        int[] best = s.tokenBest;
        for (int m = 0; m < matches; m++) {
            int word = s.matchWord[m];
            int value = s.matchScore[m] * 100;
            int[] bag = state.words.entriesOf(word);
            for (int i = 1, end = IntBags.end(bag); i < end; i++) {
                int e = bag[i];
                if (e >= 0 && best[e] < value) {
                    if (best[e] == 0) {
                        s.touchByToken(e);
                    }
                    best[e] = value;
                }
            }
            int pathValue = s.matchScore[m] * PATH_WEIGHT;
            int[] dirs = state.words.dirsOf(word);
            for (int i = 1, end = IntBags.end(dirs); i < end; i++) {
                if (dirs[i] < 0) {
                    continue;
                }
                int[] inDir = state.entriesIn(dirs[i]);
                for (int j = 1, endJ = IntBags.end(inDir); j < endJ; j++) {
                    int e = inDir[j];
                    if (e >= 0 && best[e] < pathValue) {
                        if (best[e] == 0) {
                            s.touchByToken(e);
                        }
                        best[e] = pathValue;
                    }
                }
            }
        }
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

    /** The {@code k} best touched entries by coverage (ties: shorter name, then name, folder, peer). */
    private static int[] best(IndexState state, SearchScratch s, int k) {
        int[] heap = new int[Math.min(k, s.touchedCount)];
        int size = 0;
        for (int i = 0; i < s.touchedCount; i++) {
            int e = s.touched[i];
            if (size < heap.length) {
                int j = size++;
                while (j > 0 && better(state, s, heap[(j - 1) / 2], e)) {
                    heap[j] = heap[(j - 1) / 2];
                    j = (j - 1) / 2;
                }
                heap[j] = e;
            } else if (better(state, s, e, heap[0])) {
                int j = 0;
                while (true) {
                    int child = 2 * j + 1;
                    if (child >= size) {
                        break;
                    }
                    if (child + 1 < size && better(state, s, heap[child], heap[child + 1])) {
                        child++;
                    }
                    if (!better(state, s, e, heap[child])) {
                        break;
                    }
                    heap[j] = heap[child];
                    j = child;
                }
                heap[j] = e;
            }
        }
        return Arrays.copyOf(heap, size);
    }

    private static boolean better(IndexState state, SearchScratch s, int a, int b) {
        if (s.total[a] != s.total[b]) {
            return s.total[a] > s.total[b];
        }
        EntryStore entries = state.entries;
        if (entries.length[a] != entries.length[b]) {
            return entries.length[a] < entries.length[b];
        }
        int c = entries.name[a].compareTo(entries.name[b]);
        if (c == 0) {
            c = state.dirs.get(entries.dir[a]).compareTo(state.dirs.get(entries.dir[b]));
        }
        if (c == 0) {
            c = state.peerAt(entries.peer[a]).id.compareTo(state.peerAt(entries.peer[b]).id);
        }
        return c < 0;
    }

    private static List<SearchHit> rank(IndexState state, SearchScratch s, Query q, int[] top, int limit) {
        EntryStore entries = state.entries;
        Map<Integer, Scored> byHash = new HashMap<>();
        for (int e : top) {
            int coverage = s.total[e] / q.weightSum();
            int fit = Similarity.fit(q.text(), Words.analyze(entries.name[e]).joined());
            Scored scored = new Scored(e, (coverage * 4 + fit * 100) / 5, entries.name[e]);
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
