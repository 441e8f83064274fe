package io.iwant.protocol.index;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RelativePathTest {
    @Test
    void plain_relative_paths_are_valid() {
        for (String ok : new String[] {"a", "a/b", "a.b/c..d/.e", "...", "x/.../y", "é/ü"}) {
            assertTrue(RelativePath.isValid(ok), ok);
        }
    }

    @Test
    void absolute_empty_dotted_and_backslashed_paths_are_not() {
        for (String bad : new String[] {"", "/", "/a", "a/", "a//b", ".", "..", "a/./b", "a/../b", "../a", "a/..",
                "a\\b", "c:\\x"}) {
            assertFalse(RelativePath.isValid(bad), bad);
        }
        assertFalse(RelativePath.isValid(null));
    }
}
