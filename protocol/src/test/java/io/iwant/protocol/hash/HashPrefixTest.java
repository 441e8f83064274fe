package io.iwant.protocol.hash;

import io.iwant.protocol.UserError;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HashPrefixTest {
    @Test
    void a_prefix_is_read_in_any_case_and_kept_lowercase() {
        HashPrefix p = HashPrefix.parse("  ABCdef12 ");
        assertEquals("abcdef12", p.hex());
        assertFalse(p.isFull());
        assertTrue(p.matches("abcdef12" + "0".repeat(56)));
        assertFalse(p.matches("abcdef13" + "0".repeat(56)));
    }

    @Test
    void a_full_hash_is_full() {
        assertTrue(HashPrefix.parse("a".repeat(64)).isFull());
    }

    @Test
    void each_wrong_input_gets_its_own_usage_sentence() {
        assertEquals("The hash prefix \"abc12\" is too short: give at least 6 hex digits.", refusal("abc12"));
        assertEquals("\"" + "a".repeat(67) + "...\" is longer than a hash, which has 64 hex digits.",
                refusal("a".repeat(80)));
        assertEquals("Give the hash of a file or folder, or at least its first 6 hex digits.", refusal(" "));
    }

    @Test
    void hostile_text_is_not_echoed_to_the_terminal() {
        assertEquals("\"?[2Jabc\" is not a hash: use only the hex digits 0-9 and a-f that search prints.",
                refusal("\u001b[2Jabc"));
    }

    private static String refusal(String text) {
        UserError e = assertThrows(UserError.class, () -> HashPrefix.parse(text));
        assertEquals(UserError.USAGE, e.exitCode());
        return e.getMessage();
    }
}
