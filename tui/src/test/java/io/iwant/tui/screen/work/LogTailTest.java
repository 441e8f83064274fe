package io.iwant.tui.screen.work;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LogTailTest {
    @TempDir
    Path dir;

    @Test
    void should_return_the_last_lines_of_a_short_file() throws Exception {
        Path log = Files.writeString(dir.resolve("iwant.log"), "one\ntwo\nthree\n");
        assertEquals(List.of("two", "three"), LogTail.read(log, 2));
        assertEquals(List.of("one", "two", "three"), LogTail.read(log, 10));
    }

    @Test
    void should_read_only_the_end_of_a_large_file_and_never_return_a_cut_line() throws Exception {
        String text = IntStream.range(0, 50_000).mapToObj(i -> "line " + i).collect(Collectors.joining("\n"));
        Path log = Files.writeString(dir.resolve("iwant.log"), text + "\n");
        List<String> lines = LogTail.read(log, 100_000);
        assertEquals("line 49999", lines.get(lines.size() - 1));
        assertEquals(true, lines.get(0).matches("line \\d+"));
        assertEquals(true, lines.size() < 50_000);
    }

    @Test
    void should_turn_control_characters_into_question_marks() throws Exception {
        Path log = Files.writeString(dir.resolve("iwant.log"), "a\u001b[2Jb\tc\n");
        assertEquals(List.of("a?[2Jb c"), LogTail.read(log, 5));
    }

    @Test
    void should_say_when_there_is_no_log() {
        assertThrows(NoSuchFileException.class, () -> LogTail.read(dir.resolve("none.log"), 5));
    }
}
