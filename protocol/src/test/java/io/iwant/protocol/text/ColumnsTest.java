package io.iwant.protocol.text;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ColumnsTest {
    @Test
    void wide_characters_take_two_columns_and_combining_marks_none() {
        assertEquals(5, Columns.width("hello"));
        assertEquals(4, Columns.width("映画")); // two CJK ideographs
        assertEquals(6, Columns.width("한국어"));
        assertEquals(1, Columns.width("e\u0301")); // e and a combining acute
        assertEquals(2, Columns.width("\ud83c\udfac")); // an emoji outside the BMP
    }

    @Test
    void fitting_pads_or_cuts_to_exactly_the_columns_asked() {
        assertEquals("ab  ", Columns.fit("ab", 4));
        assertEquals(6, Columns.width(Columns.fit("映画映画映画映画", 6)));
        assertEquals("映画…", Columns.fit("映画映画映画映画", 6).stripTrailing());
        assertEquals(5, Columns.width(Columns.fit("映画映画", 5)), "a wide character never straddles the edge");
    }
}
