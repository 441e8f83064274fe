package io.iwant.daemon.transfer.fetch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class PlacementTest {
    @TempDir
    Path tmp;

    @Test
    void numbered_names_keep_the_extension() {
        assertEquals("report.pdf", Placement.numbered("report.pdf", 0, false));
        assertEquals("report (1).pdf", Placement.numbered("report.pdf", 1, false));
        assertEquals("archive.tar (2).gz", Placement.numbered("archive.tar.gz", 2, false));
        assertEquals(".bashrc (1)", Placement.numbered(".bashrc", 1, false));
        assertEquals("README (3)", Placement.numbered("README", 3, false));
        assertEquals("photos.2024 (1)", Placement.numbered("photos.2024", 1, true));
    }

    @Test
    void a_part_never_replaces_a_different_file_and_takes_the_first_free_name() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("dl"));
        Files.writeString(folder.resolve("a.txt"), "someone else's");
        Files.writeString(folder.resolve("a (1).txt"), "another");
        Path part = Files.writeString(folder.resolve("a.txt.iwant-part"), "mine");
        String hash = new io.iwant.protocol.hash.FileHasher().hash(part).hash();

        Path placed = Placement.place(part, folder, "a.txt", false, 4, hash);

        assertEquals(folder.resolve("a (2).txt"), placed);
        assertEquals("someone else's", Files.readString(folder.resolve("a.txt")));
        assertEquals("mine", Files.readString(placed));
        assertFalse(Files.exists(part));
    }

    @Test
    void the_same_content_already_there_is_the_download() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("dl"));
        Files.writeString(folder.resolve("a.txt"), "mine");
        Path part = Files.writeString(folder.resolve("a.txt.iwant-part"), "mine");
        String hash = new io.iwant.protocol.hash.FileHasher().hash(part).hash();

        assertEquals(folder.resolve("a.txt"), Placement.place(part, folder, "a.txt", false, 4, hash));
        assertFalse(Files.exists(part));
        assertEquals(folder.resolve("a.txt.iwant-part"), Placement.freePartPath(folder, "a.txt"));
    }
}
