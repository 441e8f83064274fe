package io.iwant.protocol.text;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TerminalTextTest {
    @Test
    void plain_text_is_returned_as_it_is() {
        String name = "Silicon Valley S01E01 – Ünïcödé 日本語.mkv";
        assertSame(name, TerminalText.clean(name));
    }

    @Test
    void an_escape_sequence_cannot_start() {
        assertEquals("a?[2Jb", TerminalText.clean("a\u001b[2Jb"));
    }

    @Test
    void a_window_title_sequence_loses_its_escape_and_its_bell() {
        assertEquals("?]0;owned?film.mkv", TerminalText.clean("\u001b]0;owned\u0007film.mkv"));
        assertEquals("?]8;;http://x?\\link", TerminalText.clean("\u001b]8;;http://x\u001b\\link"));
    }

    @Test
    void carriage_return_newline_tab_and_nul_cannot_rewrite_the_line() {
        assertEquals("real?fake", TerminalText.clean("real\rfake"));
        assertEquals("one?two", TerminalText.clean("one\ntwo"));
        assertEquals("a?b?c", TerminalText.clean("a\tb\u0000c"));
    }

    @Test
    void the_one_character_csi_and_del_are_replaced() {
        assertEquals("?2J?", TerminalText.clean("\u009b2J\u007f"));
    }

    @Test
    void a_right_to_left_override_cannot_reverse_what_follows() {
        // "evil\u202Egpj.exe" would show as "evilexe.jpg"
        assertEquals("evil?gpj.exe", TerminalText.clean("evil\u202egpj.exe"));
        assertEquals("?x?y?", TerminalText.clean("\u2066x\u2069y\u200f"));
    }

    @Test
    void null_is_empty() {
        assertEquals("", TerminalText.clean(null));
    }

    @Test
    void a_very_long_hostile_string_keeps_its_length_and_has_no_control_character_left() {
        String hostile = "\u001b[31m\r\u0007\u202e\u0000x".repeat(200_000);
        String clean = TerminalText.clean(hostile);
        assertEquals(hostile.length(), clean.length());
        assertTrue(clean.chars().noneMatch(c -> TerminalText.isUnsafe((char) c)));
        assertTrue(clean.chars().noneMatch(c -> c < 0x20));
    }

    @Test
    void every_char_below_space_is_unsafe() {
        for (char c = 0; c < 0x20; c++) {
            assertTrue(TerminalText.isUnsafe(c), "char " + (int) c);
        }
    }
}
