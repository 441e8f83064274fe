package io.iwant.daemon.leader.search;

import java.util.Arrays;
import java.util.List;

/**
 * The vocabulary of every indexed name and folder path, with two indexes over it:
 * <ul>
 *   <li>word → the entries whose name has the word, and the folders whose path has it (postings);</li>
 *   <li>trigram → the words containing it (the n-gram candidate index). Words are padded as in pg_trgm
 *   ("\0\0w" + ... + "w\0"), so "silicon" gives {@code __s _si sil ili lic ico con on_}.</li>
 * </ul>
 * A query word is resolved to similar vocabulary words by counting shared trigrams, then scoring only the best
 * few with fuzzywuzzy; the search then walks those words' postings. The vocabulary is far smaller than the list of
 * names, so a query touches a few thousand words instead of a million names. Not thread-safe: the network index
 * guards it (searches only read).
 */
final class WordIndex {
    /** Vocabulary words shortlisted per query word by shared trigrams. */
    static final int SHORTLIST = 512;
    /** Of those, the closest by edit distance, scored with fuzzywuzzy: typo variants and prefixes, bounded cost. */
    static final int WORDS_PER_TOKEN = 64;

    private final StringTable words = new StringTable();
    private int[][] entries = new int[16][];
    private int[][] dirs = new int[16][];
    private final LongIntMap grams = new LongIntMap();
    private int[][] gramWords = new int[64][];

    int size() {
        return words.size();
    }

    int capacity() {
        return words.capacity();
    }

    int[] entriesOf(int word) {
        return entries[word];
    }

    int[] dirsOf(int word) {
        return dirs[word];
    }

    void addEntry(int entry, List<String> indexWords) {
        for (String w : indexWords) {
            int id = acquire(w);
            entries[id] = IntBags.add(entries[id], entry);
        }
    }

    void removeEntry(int entry, List<String> indexWords) {
        for (String w : indexWords) {
            int id = words.find(w);
            entries[id] = IntBags.remove(entries[id], entry);
            release(id);
        }
    }

    void addDir(int dir, List<String> indexWords) {
        for (String w : indexWords) {
            int id = acquire(w);
            dirs[id] = IntBags.add(dirs[id], dir);
        }
    }

    void removeDir(int dir, List<String> indexWords) {
        for (String w : indexWords) {
            int id = words.find(w);
            dirs[id] = IntBags.remove(dirs[id], dir);
            release(id);
        }
    }

    /**
     * Finds the vocabulary words like {@code token} (normalized, at least 2 long): the {@value #SHORTLIST} sharing
     * the most trigrams, of those the {@value #WORDS_PER_TOKEN} closest by edit distance, scored with
     * {@link Similarity#word} and kept if at least {@link Similarity#minimum}. A word of two letters matches only itself. Writes them to
     * {@code outWords}/{@code outScores} (at least {@value #WORDS_PER_TOKEN} long); returns how many.
     */
    int match(String token, SearchScratch s, int[] outWords, int[] outScores) {
        if (token.length() < 3) {
            // Two letters carry too little to guess a typo from: only the word itself matches.
            int w = words.find(token);
            if (w < 0) {
                return 0;
            }
            outWords[0] = w;
            outScores[0] = 100;
            return 1;
        }
        long[] queryGrams = distinctGrams(token);
        int[] count = s.wordCounts(words.capacity());
        s.wordCountsDirty = true;
        int touched = 0;
        for (long g : queryGrams) {
            int gid = grams.get(g);
            if (gid < 0) {
                continue;
            }
            int[] bag = gramWords[gid];
            for (int i = 1, end = IntBags.end(bag); i < end; i++) {
                int w = bag[i];
                if (w >= 0 && count[w]++ == 0) {
                    touched = s.touchWord(touched, w);
                }
            }
        }
        // A short word keeps a single trigram after one typo ("jsn" and "json" share only "_js").
        int minShared = queryGrams.length <= 4 ? 1 : Math.max(2, (queryGrams.length + 2) / 3);
        SearchScratch.LongTopK shortlist = s.shortlist;
        shortlist.clear();
        for (int i = 0; i < touched; i++) {
            int w = s.touchedWords[i];
            int shared = count[w];
            count[w] = 0;
            if (shared >= minShared) {
                int gap = Math.min(4095, Math.abs(words.get(w).length() - token.length()));
                shortlist.offer((long) (shared * 4096 + 4095 - gap) << 32 | w);
            }
        }
        s.wordCountsDirty = false;
        // Trigrams only shortlist; the closest by edit distance (fuzzywuzzy's ratio, computed cheaply) go on.
        SearchScratch.LongTopK closest = s.closest;
        closest.clear();
        for (int i = 0; i < shortlist.size; i++) {
            int w = (int) shortlist.heap[i];
            int shared = (int) (shortlist.heap[i] >>> 32);
            closest.offer((long) (Similarity.quickRatio(token, words.get(w), s.lcsRow) << 20 | shared) << 32 | w);
        }
        int min = Similarity.minimum(token);
        int n = 0;
        for (int i = 0; i < closest.size; i++) {
            int w = (int) closest.heap[i];
            int score = Similarity.word(token, words.get(w));
            if (score >= min) {
                outWords[n] = w;
                outScores[n] = score;
                n++;
            }
        }
        return n;
    }

    private int acquire(String w) {
        int id = words.acquire(w);
        if (words.refs(id) == 1) {
            if (id >= entries.length) {
                int capacity = FreeIds.grown(entries.length);
                entries = Arrays.copyOf(entries, capacity);
                dirs = Arrays.copyOf(dirs, capacity);
            }
            entries[id] = IntBags.EMPTY;
            dirs[id] = IntBags.EMPTY;
            for (long g : distinctGrams(w)) {
                int gid = grams.intern(g);
                if (gid >= gramWords.length) {
                    gramWords = Arrays.copyOf(gramWords, gramWords.length * 2);
                }
                gramWords[gid] = IntBags.add(gramWords[gid] == null ? IntBags.EMPTY : gramWords[gid], id);
            }
        }
        return id;
    }

    private void release(int id) {
        String w = words.get(id);
        if (words.release(id)) {
            for (long g : distinctGrams(w)) {
                int gid = grams.get(g);
                gramWords[gid] = IntBags.remove(gramWords[gid], id);
            }
            entries[id] = null;
            dirs[id] = null;
        }
    }

    /**
     * The padded trigrams of a word, each packed as three 16-bit chars, duplicates removed. The gram of the first
     * letter alone ("\0\0s") is left out: it is shared by a twentieth of the vocabulary and says almost nothing.
     */
    static long[] distinctGrams(String w) {
        int n = w.length();
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = (long) padded(w, i + 1) << 32 | (long) padded(w, i + 2) << 16 | padded(w, i + 3);
        }
        Arrays.sort(out);
        int distinct = 0;
        for (int i = 0; i < n; i++) {
            if (i == 0 || out[i] != out[i - 1]) {
                out[distinct++] = out[i];
            }
        }
        return distinct == n ? out : Arrays.copyOf(out, distinct);
    }

    private static char padded(String w, int k) {
        int i = k - 2;
        return i < 0 || i >= w.length() ? '\0' : w.charAt(i);
    }
}
