package io.iwant.dist;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Looks for plaintext in captured bytes: byte strings (a file name in some encoding), and runs of a file's content
 * when that content is one pattern repeated.
 */
final class Plaintext {
    private static final int WORD = Long.BYTES;
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private Plaintext() {
    }

    /**
     * The index of a needle that occurs in {@code bytes}, or -1 if none does. Only every {@code n - 7}th position is
     * looked up ({@code n} the shortest needle's length): any needle in the bytes covers a whole word starting at one
     * of them.
     *
     * @throws IllegalArgumentException if a needle is no longer than a word
     */
    static int found(byte[] bytes, List<byte[]> needles) {
        if (needles.isEmpty()) {
            return -1;
        }
        Map<Long, List<int[]>> words = new HashMap<>();
        int shortest = Integer.MAX_VALUE;
        for (int n = 0; n < needles.size(); n++) {
            byte[] needle = needles.get(n);
            if (needle.length <= WORD) {
                throw new IllegalArgumentException("a needle must be longer than a word");
            }
            shortest = Math.min(shortest, needle.length);
            for (int j = 0; j + WORD <= needle.length; j++) {
                words.computeIfAbsent(word(needle, j), w -> new ArrayList<>()).add(new int[] {n, j});
            }
        }
        for (int q = 0; q + WORD <= bytes.length; q += shortest - WORD + 1) {
            for (int[] place : words.getOrDefault((long) LONG.get(bytes, q), List.of())) {
                byte[] needle = needles.get(place[0]);
                int from = q - place[1];
                if (from >= 0 && from + needle.length <= bytes.length
                        && Arrays.equals(bytes, from, from + needle.length, needle, 0, needle.length)) {
                    return place[0];
                }
            }
        }
        return -1;
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
            Integer k = offsets.get((long) LONG.get(bytes, q));
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

    /** The eight bytes from {@code at} of {@code pattern} repeated without end, as one number (big-endian). */
    private static long word(byte[] pattern, int at) {
        long word = 0;
        for (int i = 0; i < WORD; i++) {
            word = word << 8 | (pattern[(at + i) % pattern.length] & 0xff);
        }
        return word;
    }
}
