package io.iwant.daemon.leader;

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
    /** Vocabulary words scored per query word: enough for typo variants and prefixes, bounded in cost. */
    static final int WORDS_PER_TOKEN = 96;

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
     * Finds the vocabulary words like {@code token} (normalized, at least 2 long): those sharing enough trigrams,
     * the best {@value #WORDS_PER_TOKEN} of them by shared trigrams scored with {@link Similarity#word}, kept if at
     * least {@link Similarity#MIN_WORD}. Writes them to {@code s.matchWord}/{@code s.matchScore}; returns how many.
     */
    int match(String token, SearchScratch s) {
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
        int minShared = Math.max(2, (queryGrams.length + 2) / 3);
        s.heapClear();
        for (int i = 0; i < touched; i++) {
            int w = s.touchedWords[i];
            int shared = count[w];
            count[w] = 0;
            if (shared >= minShared) {
                int gap = Math.min(4095, Math.abs(words.get(w).length() - token.length()));
                s.heapOffer((long) (shared * 4096 + 4095 - gap) << 32 | w, WORDS_PER_TOKEN);
            }
        }
        s.wordCountsDirty = false;
        int n = 0;
        for (int i = 0; i < s.heapSize; i++) {
            int w = (int) s.heap[i];
            int score = Similarity.word(token, words.get(w));
            if (score >= Similarity.MIN_WORD) {
                s.matchWord[n] = w;
                s.matchScore[n] = score;
                n++;
            }
        }
        return n;
    }

    private int acquire(String w) {
        int id = words.acquire(w);
        if (words.refs(id) == 1) {
            if (id >= entries.length) {
                int capacity = entries.length + (entries.length >> 1) + 16;
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

    /** The padded trigrams of a word, each packed as three 16-bit chars, duplicates removed. */
    static long[] distinctGrams(String w) {
        int n = w.length() + 1;
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = (long) padded(w, i) << 32 | (long) padded(w, i + 1) << 16 | padded(w, i + 2);
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
