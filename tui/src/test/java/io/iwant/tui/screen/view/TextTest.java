package io.iwant.tui.screen.view;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TextTest {
    @Test
    void should_pad_short_text_and_cut_long_text_with_an_ellipsis() {
        assertEquals("abc  ", Text.fit("abc", 5));
        assertEquals("abcd…", Text.fit("abcdefgh", 5));
        assertEquals("", Text.fit("abc", 0));
    }

    @Test
    void should_count_wide_characters_twice() {
        assertEquals(4, Text.width("日本"));
        assertEquals(6, Text.width(Text.fit("日本語の名前", 6)));
    }

    @Test
    void should_right_align() {
        assertEquals("   42", Text.right("42", 5));
    }

    @Test
    void should_never_let_a_file_name_move_the_cursor() {
        assertEquals("a?[2Jb", Text.fit("a\u001b[2Jb", 6));
    }
}
