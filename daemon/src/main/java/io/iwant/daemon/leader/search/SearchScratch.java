package io.iwant.daemon.leader.search;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * Working memory of one search: counters per vocabulary word and per entry, and the lists of what was touched so
 * that only those are reset. Sized to the index (about 12 bytes per entry and 4 per word), so it is pooled and
 * reused rather than allocated per query; a pool keeps at most {@value Pool#KEEP} idle scratches, so memory grows
 * with the number of searches running at once, not with the number of searches.
 */
final class SearchScratch {
    int[] wordCount = new int[0];
    int[] touchedWords = new int[64];
    /** True while word counters may be non-zero (a search failed halfway through counting). */
    boolean wordCountsDirty;

    /** Vocabulary words sharing the most trigrams with a query word, then the closest of those. */
    final LongTopK shortlist = new LongTopK(WordIndex.SHORTLIST);
    final LongTopK closest = new LongTopK(WordIndex.WORDS_PER_TOKEN);
    /** One row of the longest-common-subsequence table. */
    final int[] lcsRow = new int[Words.MAX_WORD + 2];
    /** Per query word: the similar vocabulary words, their similarity, and how many. */
    final int[][] matchWord = new int[SearchEngine.MAX_QUERY_WORDS][WordIndex.WORDS_PER_TOKEN];
    final int[][] matchScore = new int[SearchEngine.MAX_QUERY_WORDS][WordIndex.WORDS_PER_TOKEN];
    final int[] matchCount = new int[SearchEngine.MAX_QUERY_WORDS];
    private long[] selection = new long[64];
    private long[] keys = new long[64];

    /** Best score of the current query word per entry. */
    int[] tokenBest = new int[0];
    /** Weighted sum of the query words' best scores per entry. */
    int[] total = new int[0];
    int[] touchedByToken = new int[64];
    int touchedByTokenCount;
    int[] touched = new int[64];
    int touchedCount;
    /** Once pruning has begun, the reached entries that can still make the top (the others' totals are zeroed). */
    int[] active = new int[64];
    int activeCount;
    boolean pruning;

    long[] keys(int n) {
        if (keys.length < n) {
            keys = new long[n + (n >> 2)];
        }
        return keys;
    }

    long[] selection(int n) {
        if (selection.length < n) {
            selection = new long[n + (n >> 2)];
        }
        return selection;
    }

    int[] wordCounts(int capacity) {
        if (wordCount.length < capacity) {
            wordCount = new int[capacity + (capacity >> 3)];
        }
        return wordCount;
    }

    void ensureEntries(int capacity) {
        if (total.length < capacity) {
            tokenBest = new int[capacity + (capacity >> 3)];
            total = new int[tokenBest.length];
        }
    }

    int touchWord(int count, int word) {
        if (count == touchedWords.length) {
            touchedWords = Arrays.copyOf(touchedWords, count * 2);
        }
        touchedWords[count] = word;
        return count + 1;
    }

    void touchByToken(int entry) {
        if (touchedByTokenCount == touchedByToken.length) {
            touchedByToken = Arrays.copyOf(touchedByToken, touchedByTokenCount * 2);
        }
        touchedByToken[touchedByTokenCount++] = entry;
    }

    void touch(int entry) {
        if (touchedCount == touched.length) {
            touched = Arrays.copyOf(touched, touchedCount * 2);
        }
        touched[touchedCount++] = entry;
    }

    /** Keeps the entries of {@code from} whose total is at least {@code floor} as the active ones; zeroes the rest. */
    void narrow(int[] from, int count, int floor) {
        if (active.length < count) {
            active = new int[Math.max(count, 64)];
        }
        int n = 0;
        for (int i = 0; i < count; i++) {
            int e = from[i];
            if (total[e] >= floor) {
                active[n++] = e;
            } else {
                total[e] = 0;
            }
        }
        activeCount = n;
        pruning = true;
    }

    /** Zeroes whatever a search left behind (also after a failure halfway). */
    void reset() {
        for (int i = 0; i < touchedByTokenCount; i++) {
            tokenBest[touchedByToken[i]] = 0;
        }
        for (int i = 0; i < touchedCount; i++) {
            total[touched[i]] = 0;
        }
        touchedByTokenCount = 0;
        touchedCount = 0;
        activeCount = 0;
        pruning = false;
        if (wordCountsDirty) {
            Arrays.fill(wordCount, 0);
            wordCountsDirty = false;
        }
        shortlist.clear();
        closest.clear();
    }

    /** Keeps the largest keys offered, up to a limit (a min-heap). */
    static final class LongTopK {
        final long[] heap;
        int size;

        LongTopK(int limit) {
            heap = new long[limit];
        }

        void clear() {
            size = 0;
        }

        void offer(long key) {
            if (size < heap.length) {
                int i = size++;
                while (i > 0 && heap[(i - 1) / 2] > key) {
                    heap[i] = heap[(i - 1) / 2];
                    i = (i - 1) / 2;
                }
                heap[i] = key;
                return;
            }
            if (key <= heap[0]) {
                return;
            }
            int i = 0;
            while (true) {
                int child = 2 * i + 1;
                if (child >= size) {
                    break;
                }
                if (child + 1 < size && heap[child + 1] < heap[child]) {
                    child++;
                }
                if (heap[child] >= key) {
                    break;
                }
                heap[i] = heap[child];
                i = child;
            }
            heap[i] = key;
        }
    }

    /** Reuses scratches across searches; thread-safe. */
    static final class Pool {
        static final int KEEP = 4;
        private final ArrayDeque<SearchScratch> idle = new ArrayDeque<>();

        synchronized SearchScratch take() {
            SearchScratch s = idle.poll();
            return s != null ? s : new SearchScratch();
        }

        synchronized void give(SearchScratch s) {
            if (idle.size() < KEEP) {
                idle.push(s);
            }
        }

        synchronized void clear() {
            idle.clear();
        }
    }
}
