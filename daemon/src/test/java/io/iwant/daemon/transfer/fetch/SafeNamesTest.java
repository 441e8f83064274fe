package io.iwant.daemon.transfer.fetch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SafeNamesTest {
    @TempDir
    Path tmp;

    @Test
    void names_that_could_leave_the_download_folder_are_refused_everywhere() {
        Map<String, String> hostile = Map.ofEntries(
                Map.entry("", "empty"),
                Map.entry(".", "folder itself"),
                Map.entry("..", "parent"),
                Map.entry("../x", "separator"),
                Map.entry("a/b", "separator"),
                Map.entry("a\\b", "separator"),
                Map.entry("/etc/passwd", "separator"),
                Map.entry("\\\\server\\share", "separator"),
                Map.entry("C:", "drive letter"),
                Map.entry("c:evil.txt", "drive letter"),
                Map.entry("nul\0byte", "NUL"),
                Map.entry("line\nbreak", "control character"),
                Map.entry("esc\u001b[2J", "control character"),
                Map.entry("broken\ud800", "Unicode"),
                Map.entry("x".repeat(256), "longer than 255"));
        hostile.forEach((name, why) -> {
            Optional<String> problem = SafeNames.problem(name, false);
            assertTrue(problem.isPresent() && problem.get().contains(why), name + ": " + problem);
            assertTrue(SafeNames.problem(name, true).isPresent(), name + " on Windows");
        });
    }

    @Test
    void windows_rules_apply_on_windows_only() {
        for (String name : new String[] {"CON", "aux.c", "com1.txt", "LPT9", "what?", "a<b", "pipe|", "trailing.",
                "trailing ", "12:30"}) {
            assertTrue(SafeNames.problem(name, true).isPresent(), name);
            assertEquals(Optional.empty(), SafeNames.problem(name, false), name);
        }
    }

    @Test
    void ordinary_names_pass() {
        for (String name : new String[] {"movie.mkv", ".bashrc", "Ça va.flac", "日本語", "snow ☃", "a..b", "x".repeat(255),
                "🎵 music"}) {
            assertEquals(Optional.empty(), SafeNames.problem(name, false), name);
            assertEquals(Optional.empty(), SafeNames.problem(name, true), name);
        }
    }

    @Test
    void paths_are_resolved_inside_the_root_and_never_through_a_link() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("root"));
        assertEquals(root.resolve("a/b.txt"), SafeNames.inside(root, "a/b.txt"));
        assertThrows(SafeNames.UnsafeNameException.class, () -> SafeNames.inside(root, "a/../../b"));
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.createSymbolicLink(root.resolve("link"), outside);
        SafeNames.UnsafeNameException e = assertThrows(SafeNames.UnsafeNameException.class,
                () -> SafeNames.inside(root, "link/file.txt"));
        assertTrue(e.getMessage().contains("link"), e.getMessage());
    }
}
