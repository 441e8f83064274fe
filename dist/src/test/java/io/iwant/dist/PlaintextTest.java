package io.iwant.dist;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlaintextTest {
    private final Random random = new Random(15);
    private final byte[] pattern = bytes(4096);

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    /** Exactly {@code length} bytes of the endless pattern from {@code from}, written into noise at {@code at}. */
    private byte[] noiseWithRun(int size, int at, int from, int length) {
        byte[] noise = bytes(size);
        for (int i = 0; i < length; i++) {
            noise[at + i] = pattern[(from + i) % pattern.length];
        }
        if (at > 0) {
            noise[at - 1] = (byte) ~pattern[Math.floorMod(from - 1, pattern.length)];
        }
        if (at + length < size) {
            noise[at + length] = (byte) ~pattern[(from + length) % pattern.length];
        }
        return noise;
    }

    @Test
    void finds_a_run_as_long_as_asked_anywhere_even_across_the_patterns_end() {
        for (int trial = 0; trial < 500; trial++) {
            int at = random.nextInt(9_000);
            int from = trial < 20 ? pattern.length - 1 - trial : random.nextInt(pattern.length);
            assertTrue(Plaintext.containsRun(noiseWithRun(10_000, at, from, 64), pattern, 64),
                    "at " + at + " from " + from);
        }
        assertTrue(Plaintext.containsRun(noiseWithRun(64, 0, 4000, 64), pattern, 64), "the whole input is the run");
    }

    @Test
    void misses_a_run_one_byte_shorter_and_noise() {
        for (int trial = 0; trial < 500; trial++) {
            byte[] noise = noiseWithRun(10_000, random.nextInt(9_000), random.nextInt(pattern.length), 63);
            assertFalse(Plaintext.containsRun(noise, pattern, 64));
        }
        assertFalse(Plaintext.containsRun(bytes(1 << 20), pattern, 64));
    }

    @Test
    void refuses_a_pattern_that_repeats_a_word() {
        assertThrows(IllegalArgumentException.class, () -> Plaintext.containsRun(bytes(100), new byte[4096], 64));
    }

    @Test
    void says_which_needle_occurs_wherever_it_is_and_finds_none_in_noise() {
        byte[] name = "Quokka-Alpha.bin".getBytes(StandardCharsets.UTF_16LE);
        byte[] other = "Quokka-Open.bin".getBytes(StandardCharsets.UTF_8);
        for (int at : new int[] {0, 1, 7, 8, 9, 2500, 4999 - name.length, 5000 - name.length}) {
            byte[] noise = bytes(5000);
            System.arraycopy(name, 0, noise, at, name.length);
            assertEquals(1, Plaintext.found(noise, List.of(other, name)), "at " + at);
            assertEquals(-1, Plaintext.found(noise, List.of(other)), "at " + at);
        }
        assertEquals(-1, Plaintext.found(new byte[3], List.of(other)), "a needle longer than the bytes");
        assertThrows(IllegalArgumentException.class, () -> Plaintext.found(bytes(100), List.of(new byte[8])));
    }
}
