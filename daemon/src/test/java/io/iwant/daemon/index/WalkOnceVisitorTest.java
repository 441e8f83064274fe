package io.iwant.daemon.index;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WalkOnceVisitorTest {
    @TempDir
    Path dir;

    @Test
    void a_walk_hands_out_every_folder_and_no_file_and_replays_them_once_without_walking() throws Exception {
        Path root = Files.createDirectories(dir.resolve("share"));
        // folders with files before, between and after their subfolders, empty ones, deep ones, and a link
        for (String folder : List.of("a/b/c/d", "a/e", "f", "g/h", "g/i/j", "empty")) {
            Files.createDirectories(root.resolve(folder));
        }
        for (String file : List.of("top.txt", "a/1.txt", "a/b/2.txt", "a/b/c/d/3.txt", "g/4.txt", "g/i/5.txt")) {
            Files.writeString(root.resolve(file), file);
        }
        for (int i = 0; i < 50; i++) {
            Files.writeString(root.resolve("f/many-" + i + ".txt"), "x");
        }
        Files.createSymbolicLink(root.resolve("link-to-a"), root.resolve("a"));
        Set<Path> expected;
        try (Stream<Path> all = Files.walk(root)) {
            expected = all.filter(p -> Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS))
                    .collect(Collectors.toCollection(TreeSet::new));
        }

        WalkOnceVisitor visitor = new WalkOnceVisitor(root, null);
        List<Path> folders = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        visitor.recursiveVisitFiles(root, folders::add, files::add);

        assertEquals(expected, new TreeSet<>(folders));
        assertEquals(expected.size(), folders.size(), "each folder once");
        assertTrue(files.isEmpty(), "the watcher is told folders only");
        assertTrue(expected.stream().allMatch(visitor::handedOut));

        Files.delete(root.resolve("a/e")); // a replay does not walk again: it repeats what the walk found
        List<Path> replayed = new ArrayList<>();
        visitor.recursiveVisitFiles(root, replayed::add, files::add);
        assertEquals(folders, replayed);
    }
}
