package io.iwant.daemon.index;

import io.iwant.protocol.index.IndexDelta;
import io.iwant.protocol.index.IndexEntry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import static io.iwant.daemon.index.IndexFixture.fileHash;
import static io.iwant.daemon.index.IndexFixture.manifestOnDisk;
import static io.iwant.daemon.index.IndexFixture.upsert;
import static io.iwant.daemon.index.IndexFixture.upserts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Live changes on a real folder with the real watcher: every kind of change shows in the index and emits a delta
 * within 2 s of the change settling (the last write), with folder hashes updated up to the root.
 */
class LocalIndexWatchTest {
    private static final Duration WITHIN = Duration.ofSeconds(2);

    @TempDir
    Path base;
    IndexFixture fx;
    LocalIndex index;

    @BeforeEach
    void setUp() throws Exception {
        fx = new IndexFixture(base);
        fx.write("a/b/c/deep.txt", "deep");
        fx.write("a/side.txt", "side");
        fx.write("top.txt", "top");
        index = fx.start();
        fx.deltas.clear();
    }

    @AfterEach
    void tearDown() {
        fx.close();
    }

    @Test
    void a_new_file_is_published_with_its_folder() throws Exception {
        Path file = fx.write("a/new.txt", "new file");
        IndexDelta delta = fx.awaitDelta(WITHIN, "for a/new.txt", d -> upserts(d, "a/new.txt"));
        assertEquals(fileHash(file), upsert(delta, "a/new.txt").hash());
        assertEquals(manifestOnDisk(fx.share.resolve("a")).hash(), upsert(delta, "a").hash());
        assertEquals(4, index.stats().files());
    }

    @Test
    void a_modified_deep_file_updates_every_folder_hash_up_to_the_root() throws Exception {
        Path deep = fx.write("a/b/c/deep.txt", "deeper than before");
        IndexDelta delta = fx.awaitDelta(WITHIN, "for the modified file", d -> upserts(d, "a/b/c/deep.txt"));
        assertEquals(fileHash(deep), upsert(delta, "a/b/c/deep.txt").hash());
        for (String folder : List.of("a/b/c", "a/b", "a")) {
            IndexEntry entry = upsert(delta, folder);
            assertEquals(manifestOnDisk(fx.share.resolve(folder)).hash(), entry.hash(), folder);
            assertEquals(manifestOnDisk(fx.share.resolve(folder)).totalSize(), entry.size(), folder);
        }
        assertEquals(Optional.of(manifestOnDisk(fx.share).hash()), index.rootHash());
    }

    @Test
    void a_deleted_file_is_removed() throws Exception {
        Files.delete(fx.share.resolve("a/side.txt"));
        IndexDelta delta = fx.awaitDelta(WITHIN, "removing a/side.txt", d -> d.removed().contains("a/side.txt"));
        assertEquals(manifestOnDisk(fx.share.resolve("a")).hash(), upsert(delta, "a").hash());
        assertFalse(fx.entries().containsKey("a/side.txt"));
    }

    @Test
    void a_renamed_file_moves_without_being_read_again() throws Exception {
        String hash = fx.entries().get("top.txt").hash();
        long read = index.filesRead();
        Files.move(fx.share.resolve("top.txt"), fx.share.resolve("renamed.txt"));
        fx.awaitPublished(WITHIN, "for the rename", p -> p.get("renamed.txt") != null && fx.removed("top.txt"));
        assertEquals(hash, fx.published.get("renamed.txt").hash());
        assertEquals(read, index.filesRead(), "a rename reuses the hash");
    }

    @Test
    void a_file_moved_into_another_folder_updates_both_folders() throws Exception {
        Files.move(fx.share.resolve("a/side.txt"), fx.share.resolve("a/b/side.txt"));
        String b = hashOnDisk("a/b");
        String a = hashOnDisk("a");
        fx.awaitPublished(WITHIN, "for the move", p -> p.get("a/b/side.txt") != null && fx.removed("a/side.txt")
                && p.get("a/b") != null && p.get("a/b").hash().equals(b)
                && p.get("a") != null && p.get("a").hash().equals(a));
    }

    @Test
    void a_folder_moved_in_with_files_is_indexed_whole() throws Exception {
        Path outside = Files.createDirectories(base.resolve("album/disc1"));
        Files.writeString(outside.resolve("track1.flac"), "music 1");
        Files.writeString(outside.resolve("track2.flac"), "music 2");
        Files.writeString(base.resolve("album/cover.jpg"), "cover");
        Files.move(base.resolve("album"), fx.share.resolve("album"));
        fx.awaitIndex(WITHIN, "the moved-in album", e -> e.containsKey("album/disc1/track2.flac")
                && e.containsKey("album/cover.jpg") && e.containsKey("album")
                && e.get("album").hash().equals(hashOnDisk("album")));
        assertEquals(manifestOnDisk(fx.share.resolve("album/disc1")).hash(), fx.entries().get("album/disc1").hash());
    }

    @Test
    void a_new_empty_folder_is_published() throws Exception {
        Files.createDirectories(fx.share.resolve("a/fresh"));
        IndexDelta delta = fx.awaitDelta(WITHIN, "for a/fresh", d -> upserts(d, "a/fresh"));
        assertEquals(manifestOnDisk(fx.share.resolve("a/fresh")).hash(), upsert(delta, "a/fresh").hash());
    }

    @Test
    void a_deleted_folder_takes_everything_below_it() throws Exception {
        deleteTree(fx.share.resolve("a/b"));
        String a = hashOnDisk("a");
        fx.awaitPublished(WITHIN, "removing a/b", p -> fx.removed("a/b") && fx.removed("a/b/c")
                && fx.removed("a/b/c/deep.txt") && p.get("a") != null && p.get("a").hash().equals(a));
        assertEquals(Set.of("a", "a/side.txt", "top.txt"), fx.entries().keySet());
    }

    @Test
    void a_folder_moved_out_of_the_share_is_removed() throws Exception {
        Files.move(fx.share.resolve("a"), base.resolve("gone"));
        fx.awaitIndex(WITHIN, "a moved away", e -> e.keySet().equals(Set.of("top.txt")));
    }

    @Test
    void a_renamed_folder_moves_its_files_without_reading_them() throws Exception {
        long read = index.filesRead();
        Files.move(fx.share.resolve("a"), fx.share.resolve("z"));
        fx.awaitIndex(WITHIN, "a renamed to z", e -> e.keySet().equals(
                Set.of("top.txt", "z", "z/side.txt", "z/b", "z/b/c", "z/b/c/deep.txt")));
        assertEquals(read, index.filesRead(), "renamed files reuse their hashes");
        assertEquals(hashOnDisk("z"), fx.entries().get("z").hash());
    }

    @Test
    void a_file_still_being_written_is_published_once_after_it_settles() throws Exception {
        Path growing = fx.share.resolve("growing.bin");
        try (OutputStream out = Files.newOutputStream(growing)) {
            for (int i = 0; i < 12; i++) {
                out.write(new byte[64 * 1024]);
                out.flush();
                Thread.sleep(100);
                assertTrue(fx.deltas.stream().noneMatch(d -> upserts(d, "growing.bin")),
                        "published while still being written");
            }
        }
        fx.awaitDelta(WITHIN, "for the finished file", d -> upserts(d, "growing.bin"));
        assertEquals(fileHash(growing), fx.entries().get("growing.bin").hash());
        assertEquals(12 * 64 * 1024, fx.entries().get("growing.bin").size());
    }

    @Test
    void partial_downloads_appearing_live_are_not_published() throws Exception {
        fx.write("film.mkv.iwant-part", "partial");
        fx.write("after.txt", "after");
        fx.awaitDelta(WITHIN, "for after.txt", d -> upserts(d, "after.txt"));
        assertTrue(fx.deltas.stream().noneMatch(d -> upserts(d, "film.mkv.iwant-part")));
        assertFalse(fx.entries().containsKey("film.mkv.iwant-part"));
    }

    @Test
    void versions_continue_after_a_restart() throws Exception {
        fx.write("one.txt", "1");
        long version = fx.awaitDelta(WITHIN, "for one.txt", d -> upserts(d, "one.txt")).version();
        fx.stop();
        index = fx.start();
        assertEquals(version, index.version());
        fx.write("two.txt", "2");
        IndexDelta next = fx.awaitDelta(WITHIN, "for two.txt", d -> upserts(d, "two.txt"));
        assertEquals(version + 1, next.version());
        Map<String, IndexEntry> entries = fx.entries();
        assertTrue(entries.containsKey("one.txt") && entries.containsKey("two.txt"));
    }

    @Test
    void a_folder_created_while_stopped_is_watched_after_the_restart() throws Exception {
        fx.stop();
        fx.write("later/first.txt", "made while stopped");
        index = fx.start();
        assertTrue(fx.entries().containsKey("later/first.txt"));
        fx.deltas.clear();
        Path second = fx.write("later/second.txt", "made after the restart");
        IndexDelta delta = fx.awaitDelta(WITHIN, "for later/second.txt", d -> upserts(d, "later/second.txt"));
        assertEquals(fileHash(second), upsert(delta, "later/second.txt").hash());
    }

    private String hashOnDisk(String folder) {
        try {
            return manifestOnDisk(fx.share.resolve(folder)).hash();
        } catch (java.io.IOException e) {
            return "unreadable: " + e.getMessage(); // mid-change; the caller waits and asks again
        }
    }

    private static void deleteTree(Path root) throws Exception {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
