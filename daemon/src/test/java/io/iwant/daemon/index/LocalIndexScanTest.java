package io.iwant.daemon.index;

import io.iwant.protocol.hash.FileDigest;
import io.iwant.protocol.hash.FileHasher;
import io.iwant.protocol.hash.FolderManifest;
import io.iwant.protocol.hash.HashPrefix;
import io.iwant.protocol.index.IndexDelta;
import io.iwant.protocol.index.IndexEntry;
import io.iwant.protocol.index.IndexSnapshot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static io.iwant.daemon.index.IndexFixture.fileHash;
import static io.iwant.daemon.index.IndexFixture.manifestOnDisk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * Scanning a real folder: first index, restart, offline changes, exclusions, lookups, changing the share; and, on
 * virtual time, what waits on the index clock (a change settling, the memory of removed files expiring).
 */
class LocalIndexScanTest {
    @TempDir
    Path base;
    IndexFixture fx;

    @BeforeEach
    void setUp() throws Exception {
        fx = new IndexFixture(base);
    }

    @AfterEach
    void tearDown() {
        fx.close();
    }

    @Test
    void the_first_scan_indexes_every_file_and_every_folder_up_to_the_root() throws Exception {
        fx.write("a/b/c/deep.txt", "deep");
        fx.write("a/top.txt", "top");
        fx.write("big.bin", new byte[3 * 1024 * 1024 + 5]);
        fx.write("empty.txt", "");
        Files.createDirectories(fx.share.resolve("nothing/here"));

        LocalIndex index = fx.start();

        Map<String, IndexEntry> entries = fx.entries();
        assertEquals(Set.of("a", "a/b", "a/b/c", "a/b/c/deep.txt", "a/top.txt", "big.bin", "empty.txt", "nothing",
                "nothing/here"), entries.keySet());
        for (String file : List.of("a/b/c/deep.txt", "a/top.txt", "big.bin", "empty.txt")) {
            assertEquals(fileHash(fx.share.resolve(file)), entries.get(file).hash(), file);
            assertFalse(entries.get(file).dir());
        }
        for (String folder : List.of("a", "a/b", "a/b/c", "nothing", "nothing/here")) {
            FolderManifest expected = manifestOnDisk(fx.share.resolve(folder));
            assertEquals(expected.hash(), entries.get(folder).hash(), folder);
            assertEquals(expected.totalSize(), entries.get(folder).size(), folder);
            assertTrue(entries.get(folder).dir());
        }
        assertEquals(Optional.of(manifestOnDisk(fx.share).hash()), index.rootHash());
        assertEquals(new IndexStats(4, 5, 3 * 1024 * 1024 + 5 + 4 + 3, false, 0, 0), index.stats());
        assertEquals(4, index.filesRead());

        List<IndexDelta> deltas = new ArrayList<>(fx.deltas);
        for (int i = 0; i < deltas.size(); i++) {
            assertEquals(i + 1, deltas.get(i).version(), "versions count up from 1 without gaps");
        }
        assertEquals(deltas.size(), index.version());
        assertEquals(index.version(), index.snapshot().version());
    }

    @Test
    void a_restart_over_an_unchanged_tree_reads_no_file_and_gives_the_same_index() throws Exception {
        for (int i = 0; i < 60; i++) {
            fx.write("d" + i % 6 + "/f" + i + ".txt", "content " + i);
        }
        LocalIndex first = fx.start();
        IndexSnapshot before = first.snapshot();
        Optional<String> rootBefore = first.rootHash();
        assertEquals(60, first.filesRead());
        fx.stop();
        fx.deltas.clear();

        LocalIndex second = fx.start();

        assertEquals(0, second.filesRead(), "no file may be read again");
        assertEquals(before, second.snapshot());
        assertEquals(rootBefore, second.rootHash());
        assertTrue(fx.deltas.isEmpty(), "nothing changed, so nothing is published: " + fx.deltas);
    }

    @Test
    void a_file_changed_while_stopped_is_the_only_one_read_and_versions_keep_counting() throws Exception {
        fx.write("x/one.txt", "one");
        fx.write("x/two.txt", "two");
        long versionBefore = fx.start().version();
        fx.stop();
        fx.deltas.clear();
        Path two = fx.write("x/two.txt", "two, longer now");

        LocalIndex index = fx.start();

        assertEquals(1, index.filesRead());
        List<IndexDelta> deltas = new ArrayList<>(fx.deltas);
        assertEquals(versionBefore + 1, deltas.get(0).version());
        assertEquals(versionBefore + deltas.size(), index.version());
        Map<String, IndexEntry> published = new java.util.HashMap<>();
        deltas.forEach(d -> d.upserts().forEach(e -> published.put(e.path(), e)));
        assertEquals(Set.of("x/two.txt", "x"), published.keySet());
        assertEquals(fileHash(two), published.get("x/two.txt").hash());
        assertEquals(manifestOnDisk(fx.share.resolve("x")).hash(), published.get("x").hash());
    }

    @Test
    void partial_downloads_the_download_folder_and_links_leaving_the_share_are_not_shared() throws Exception {
        fx.write("kept.txt", "kept");
        fx.write("movie.mkv.iwant-part", "half a movie");
        fx.write("sub/other.iwant-part", "half");
        fx.write("sub/fine.txt", "fine");
        Path outside = Files.writeString(base.resolve("outside.txt"), "secret");
        Files.createSymbolicLink(fx.share.resolve("leak.txt"), outside);
        Files.createSymbolicLink(fx.share.resolve("alias.txt"), fx.share.resolve("kept.txt"));
        Files.createSymbolicLink(fx.share.resolve("folder-link"), fx.share.resolve("sub"));
        Files.createSymbolicLink(fx.share.resolve("dangling"), base.resolve("missing"));
        fx.write("back\\slash.txt", "a name other systems cannot hold");

        fx.start();

        assertEquals(Set.of("alias.txt", "kept.txt", "sub", "sub/fine.txt"), fx.entries().keySet());
        assertEquals(fx.entries().get("kept.txt").hash(), fx.entries().get("alias.txt").hash());
    }

    @Test
    void a_download_folder_inside_the_share_is_left_out() throws Exception {
        fx.write("mine.txt", "mine");
        fx.write("incoming/fetched.txt", "fetched");

        startWithDownloadsAt("incoming");

        assertEquals(Set.of("mine.txt"), fx.entries().keySet());
    }

    @Test
    void a_file_standing_where_the_download_folder_should_be_is_left_out_like_the_folder() throws Exception {
        fx.write("mine.txt", "mine");
        fx.write("sub/incoming", "a file, not the folder it is named for");

        startWithDownloadsAt("sub/incoming");

        assertEquals(Set.of("mine.txt", "sub"), fx.entries().keySet());
    }

    /** Starts the index over the share with the download folder at {@code rel} inside it, and waits for the scan. */
    private void startWithDownloadsAt(String rel) throws Exception {
        fx.db = io.iwant.daemon.store.Db.open(fx.dbDir);
        fx.index = new LocalIndex(fx.db);
        fx.index.start(fx.share, fx.share.resolve(rel));
        assertTrue(fx.index.awaitIdle(Duration.ofSeconds(20)));
    }

    @Test
    void an_unreadable_file_is_skipped_without_stopping_the_scan() throws Exception {
        assumeFalse("root".equals(System.getProperty("user.name")), "root reads every file");
        fx.write("ok.txt", "ok");
        Path locked = fx.write("locked.txt", "locked");
        assertTrue(locked.toFile().setReadable(false, false));

        fx.start();

        assertEquals(Set.of("ok.txt"), fx.entries().keySet());
    }

    @Test
    void a_file_is_found_by_hash_with_its_chunk_ids_until_it_changes() throws Exception {
        Path big = fx.write("media/big.bin", new byte[2 * 1024 * 1024 + 17]);
        LocalIndex index = fx.startOnVirtualTime();
        FileDigest digest = new FileHasher().hash(big);

        LocalFile found = index.fileByHash(digest.hash()).orElseThrow();
        assertEquals(big, found.path());
        assertEquals("media/big.bin", found.relativePath());
        assertEquals(digest.size(), found.size());
        assertEquals(digest.chunkIds(), found.chunkIds());
        assertTrue(index.verify(found));

        String folderHash = fx.entries().get("media").hash();
        FolderManifest manifest = index.folderByHash(folderHash).orElseThrow();
        assertEquals(folderHash, manifest.hash());
        assertEquals(List.of("big.bin"), manifest.entries().stream().map(FolderManifest.Entry::name).toList());
        assertEquals(manifestOnDisk(fx.share).hash(), index.folderByHash(index.rootHash().orElseThrow())
                .orElseThrow().hash());

        Files.write(big, new byte[] {1}, java.nio.file.StandardOpenOption.APPEND);
        assertFalse(index.verify(found), "a file that changed since it was hashed must not be served");
        assertTrue(index.fileByHash(digest.hash()).isEmpty());
        assertEquals(digest.size(), fx.entries().get("media/big.bin").size(),
                "the index clock has not moved: the change has not settled");
        fx.awaitIndexSettling(Duration.ofSeconds(5), "the changed file re-indexed once settled",
                e -> e.get("media/big.bin").size() == digest.size() + 1);
        assertTrue(index.fileByHash("00".repeat(32)).isEmpty());
        assertTrue(index.folderByHash("not a hash").isEmpty());
    }

    @Test
    void files_and_folders_are_found_by_any_prefix_of_their_hash_each_hash_once() throws Exception {
        for (int i = 0; i < 40; i++) {
            fx.write("many/file" + i + ".txt", "content " + i);
        }
        fx.write("copy/a.txt", "content 7");
        fx.write("copy/b.txt", "content 7");
        LocalIndex index = fx.start();
        Map<String, IndexEntry> entries = fx.entries();
        IndexEntry seven = entries.get("copy/a.txt");
        IndexEntry folder = entries.get("many");

        for (int digits : new int[] {6, 7, 12, 64}) {
            List<IndexEntry> found = index.withHashPrefix(new HashPrefix(seven.hash().substring(0, digits)), 5);
            assertEquals(List.of(seven.hash()), found.stream().map(IndexEntry::hash).toList(), digits + " digits");
            assertTrue(Set.of("copy/a.txt", "copy/b.txt", "many/file7.txt").contains(found.get(0).path()));
        }
        IndexEntry foundFolder = index.withHashPrefix(new HashPrefix(folder.hash().substring(0, 9)), 5).get(0);
        assertEquals(folder, foundFolder);
        assertTrue(index.withHashPrefix(new HashPrefix(flipLast(seven.hash())), 5).isEmpty());


        // below the six digits a user must type: the store's seek, by any number of digits, each hash once
        IndexStore store = new IndexStore(fx.db);
        List<String> distinct = entries.values().stream().map(IndexEntry::hash).distinct().sorted().toList();
        assertEquals(distinct, hex(store.hashesWithPrefix("", 1000)));
        assertEquals(distinct.subList(0, 3), hex(store.hashesWithPrefix("", 3)));
        for (String prefix : List.of(seven.hash().substring(0, 1), seven.hash().substring(0, 2), "f", "0")) {
            assertEquals(distinct.stream().filter(h -> h.startsWith(prefix)).toList(),
                    hex(store.hashesWithPrefix(prefix, 1000)), prefix);
        }
    }

    private static List<String> hex(List<byte[]> hashes) {
        return hashes.stream().map(io.iwant.protocol.hash.Hex::encode).toList();
    }

    private static String flipLast(String hash) {
        char last = hash.charAt(hash.length() - 1);
        return hash.substring(0, hash.length() - 1) + (last == '0' ? '1' : '0');
    }

    @Test
    void a_file_moved_back_after_the_memory_of_removed_files_expired_is_read_again() throws Exception {
        fx.write("keep.txt", "kept");
        fx.write("song.flac", "a song");
        LocalIndex index = fx.startOnVirtualTime();
        long read = index.filesRead();
        Path away = base.resolve("song.flac");
        Files.move(fx.share.resolve("song.flac"), away);
        fx.awaitIndexSettling(Duration.ofSeconds(10), "song.flac gone", e -> !e.containsKey("song.flac"));

        fx.virtualNanos.addAndGet(TimeUnit.SECONDS.toNanos(31));
        Files.move(away, fx.share.resolve("back.flac"));
        fx.awaitIndexSettling(Duration.ofSeconds(10), "back.flac", e -> e.containsKey("back.flac"));

        assertEquals(read + 1, index.filesRead(), "a removal 31 s ago is no rename: the file is read again");
        assertEquals(fileHash(fx.share.resolve("back.flac")), fx.entries().get("back.flac").hash());
    }

    @Test
    void changing_the_share_retires_the_old_entries_and_indexes_the_new_folder() throws Exception {
        fx.write("old/a.txt", "a");
        fx.write("old/b.txt", "b");
        Path other = Files.createDirectories(base.resolve("other"));
        Files.writeString(other.resolve("new.txt"), "new");
        LocalIndex index = fx.start();
        fx.deltas.clear();

        index.changeFolders(other, fx.downloads);

        fx.awaitDelta(Duration.ofSeconds(5), "retiring the old share",
                d -> d.removed().containsAll(List.of("old", "old/a.txt", "old/b.txt")));
        fx.awaitDelta(Duration.ofSeconds(5), "indexing the new share", d -> IndexFixture.upserts(d, "new.txt"));
        assertTrue(index.awaitIdle(Duration.ofSeconds(10)));
        assertEquals(Set.of("new.txt"), fx.entries().keySet());
    }

    @Test
    void bad_arguments_are_refused() throws Exception {
        fx.db = io.iwant.daemon.store.Db.open(fx.dbDir);
        fx.index = new LocalIndex(fx.db);
        org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                () -> fx.index.start(base.resolve("missing"), fx.downloads));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> fx.index.changeFolders(fx.share, fx.downloads));
    }

    @Test
    void the_index_starts_once_and_refuses_work_once_closed() throws Exception {
        LocalIndex index = fx.start();
        IllegalStateException twice = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> index.start(fx.share, fx.downloads));
        assertEquals("the index was already started", twice.getMessage());

        index.close();
        index.close();
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> index.changeFolders(fx.share, fx.downloads));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> index.start(fx.share, fx.downloads));
        assertFalse(index.awaitIdle(Duration.ofSeconds(1)), "a closed index cannot be asked, so it is not reported idle");
    }
}
