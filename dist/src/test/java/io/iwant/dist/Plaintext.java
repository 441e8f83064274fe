package io.iwant.dist;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Looks for plaintext in captured bytes: byte strings (a file name in some encoding), and runs of a file's content
 * when that content is one pattern repeated.
 */
final class Plaintext {
    private static final int WORD = Long.BYTES;

    private Plaintext() {
    }

    /** The index of a needle that occurs in {@code bytes} (the one that occurs first), or -1 if none does. */
    static int found(byte[] bytes, List<byte[]> needles) {
        for (int i = 0; i < bytes.length; i++) {
            for (int n = 0; n < needles.size(); n++) {
                byte[] needle = needles.get(n);
                if (bytes[i] == needle[0] && i + needle.length <= bytes.length && regionMatches(bytes, i, needle)) {
                    return n;
                }
            }
        }
        return -1;
    }

    private static boolean regionMatches(byte[] bytes, int at, byte[] needle) {
        for (int j = 1; j < needle.length; j++) {
            if (bytes[at + j] != needle[j]) {
                return false;
            }
        }
        return true;
    }

    /**
     * True if {@code bytes} hold {@code run} or more consecutive bytes of {@code pattern} repeated without end
     * (starting anywhere in it, crossing its end into its start). Only every {@code run - 7}th position is looked up:
     * any run that long covers a whole word starting at one of them.
     *
     * @throws IllegalArgumentException if two positions of the pattern start with the same eight bytes (then a run
     *                                  could be missed; a random pattern of a few KiB has none)
     */
    static boolean containsRun(byte[] bytes, byte[] pattern, int run) {
        if (run <= WORD || pattern.length < WORD) {
            throw new IllegalArgumentException("a run must be longer than a word, and the pattern at least a word");
        }
        Map<Long, Integer> offsets = new HashMap<>();
        for (int k = 0; k < pattern.length; k++) {
            if (offsets.put(word(pattern, k), k) != null) {
                throw new IllegalArgumentException("the pattern repeats a word at offset " + k);
            }
        }
        int p = pattern.length;
        for (int q = 0; q + WORD <= bytes.length; q += run - WORD + 1) {
            Integer k = offsets.get(ByteBuffer.wrap(bytes, q, WORD).getLong());
            if (k == null) {
                continue;
            }
            int before = 0;
            while (q - before > 0 && bytes[q - before - 1] == pattern[Math.floorMod(k - before - 1, p)]) {
                before++;
            }
            int after = WORD;
            while (q + after < bytes.length && bytes[q + after] == pattern[(k + after) % p]) {
                after++;
            }
            if (before + after >= run) {
                return true;
            }
        }
        return false;
    }

    /** The eight bytes of the endless repetition of {@code pattern} from {@code at}, as one number. */
    private static long word(byte[] pattern, int at) {
        long word = 0;
        for (int i = 0; i < WORD; i++) {
            word = word << 8 | (pattern[(at + i) % pattern.length] & 0xff);
        }
        return word;
    }
}
