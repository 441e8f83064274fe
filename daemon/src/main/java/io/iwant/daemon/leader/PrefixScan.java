package io.iwant.daemon.leader;

import io.iwant.protocol.hash.HashPrefix;

import java.util.Arrays;

/** Finding the interned hashes that start with a {@link HashPrefix}, by comparing the stored words directly. */
final class PrefixScan {
    private PrefixScan() {
    }

    /** The ids of live hashes starting with {@code prefix}, in id order, at most {@code max} of them. */
    static int[] scan(HashPrefix prefix, HashStore hashes, int max) {
        String hex = prefix.hex();
        int words = (hex.length() + 15) / 16;
        long[] want = new long[words];
        int[] shift = new int[words];
        for (int k = 0; k < words; k++) {
            int digits = Math.min(16, hex.length() - k * 16);
            want[k] = Long.parseUnsignedLong(hex.substring(k * 16, k * 16 + digits), 16);
            shift[k] = 64 - 4 * digits;
        }
        int[] out = new int[Math.min(max, 16)];
        int n = 0;
        for (int id = 0, end = hashes.capacity(); id < end && n < max; id++) {
            if (!hashes.isLive(id)) {
                continue;
            }
            boolean match = true;
            for (int k = 0; k < words && match; k++) {
                match = hashes.word(id, k) >>> shift[k] == want[k];
            }
            if (match) {
                if (n == out.length) {
                    out = Arrays.copyOf(out, Math.min(max, n * 2));
                }
                out[n++] = id;
            }
        }
        return Arrays.copyOf(out, n);
    }
}
