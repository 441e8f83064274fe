package io.iwant.daemon.leader.search;

import java.security.SecureRandom;

/**
 * Seeded hashing for the index's open-addressing tables. Names and hashes come from untrusted peers; with a
 * random per-table seed pushed through a bijective 64-bit finalizer, a peer cannot craft keys that pile into one
 * probe run (the way equal {@code String.hashCode()} values can be crafted).
 */
final class Hashing {
    private static final SecureRandom SEEDS = new SecureRandom();

    private Hashing() {
    }

    static long newSeed() {
        return SEEDS.nextLong();
    }

    /** MurmurHash3's 64-bit finalizer: a bijection that spreads every input bit over the output. */
    static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    static long hash(String s, long seed) {
        long h = seed ^ s.length();
        int n = s.length();
        int i = 0;
        for (; i + 3 < n; i += 4) {
            long chunk = s.charAt(i) | (long) s.charAt(i + 1) << 16 | (long) s.charAt(i + 2) << 32
                    | (long) s.charAt(i + 3) << 48;
            h = mix(h ^ chunk) + 0x9E3779B97F4A7C15L;
        }
        long tail = 0;
        for (int shift = 0; i < n; i++, shift += 16) {
            tail |= (long) s.charAt(i) << shift;
        }
        return mix(h ^ tail ^ 0x5851F42D4C957F2DL);
    }

    /** A slot in a table of {@code mask + 1} slots (a power of two). */
    static int slot(long hash, int mask) {
        return (int) (hash ^ hash >>> 32) & mask;
    }
}
