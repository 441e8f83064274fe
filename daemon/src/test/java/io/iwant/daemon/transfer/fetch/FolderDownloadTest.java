package io.iwant.daemon.transfer.fetch;

import io.iwant.protocol.control.DownloadState;
import io.iwant.daemon.transfer.Files2;
import io.iwant.daemon.transfer.seed.Seeder;
import io.iwant.daemon.transfer.seed.TestContent;
import io.iwant.protocol.hash.ContentHash;
import io.iwant.protocol.hash.FolderManifest;
import io.iwant.protocol.hash.Hex;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Folders, name collisions and local copies, over real sockets on 127.0.0.1. */
class FolderDownloadTest extends LoopbackPeers {
    private static final int MIB = 1 << 20;

    /** A tree of nested folders, empty files and folders, unicode names, repeated content and a multi-chunk file. */
    private Path album() throws IOException {
        Path root = tmp.resolve("src/Album ☃");
        Files2.random(root.resolve("cover.jpg"), 300_000, 10);
        Files2.random(root.resolve("disc 1/01 – Ouverture.flac"), 3L * MIB + 17, 11);
        Files2.random(root.resolve("disc 1/02 Ça va.flac"), 2 * MIB, 12);
        Files2.random(root.resolve("disc 2/日本語/曲.flac"), 700_000, 13);
        Files.copy(root.resolve("cover.jpg"), root.resolve("disc 2/cover copy.jpg"));
        Files.createDirectories(root.resolve("disc 2/empty folder"));
        Files.createDirectories(root.resolve("extras/nested/deeper"));
        Files.write(root.resolve("extras/nested/deeper/empty.txt"), new byte[0]);
        Files.write(root.resolve("extras/also empty.txt"), new byte[0]);
        for (int i = 0; i < 40; i++) {
            Files2.random(root.resolve("extras/notes/note-" + i + ".txt"), 100 + i * 37, 100 + i);
        }
        return root;
    }

    @Test
    void a_nested_folder_arrives_identical() throws Exception {
        Path album = album();
        Seeder a = seeder("a");
        Seeder b = seeder("b");
        String hash = a.content.addTree(album);
        b.content.addTree(album);
        Leecher leecher = leecher();
        leecher.publish(hash, album.getFileName().toString(), 0, true, a, b);

        leecher.manager.download(hash);
        Progress done = leecher.finish(hash);

        assertEquals(DownloadState.DONE, done.state(), done.reason());
        Path copy = leecher.downloads.resolve("Album ☃");
        assertEquals(copy.toString(), done.target());
        assertEquals(tree(album), tree(copy));
        assertFalse(Files.exists(leecher.downloads.resolve("Album ☃.iwant-part")));
        assertEquals(Placement.folderHash(copy), hash);
    }

    @Test
    void content_present_locally_is_copied_not_fetched() throws Exception {
        Path album = album();
        Seeder a = seeder("a");
        String hash = a.content.addTree(album);
        Leecher leecher = leecher();
        Path local = tmp.resolve("mine/overture.flac");
        Files.createDirectories(local.getParent());
        Files.copy(album.resolve("disc 1/01 – Ouverture.flac"), local);
        leecher.localFiles.put(new TestContent().addFile(local), local);
        leecher.publish(hash, "Album ☃", 0, true, a);

        leecher.manager.download(hash);
        Progress done = leecher.finish(hash);

        assertEquals(DownloadState.DONE, done.state(), done.reason());
        assertEquals(tree(album), tree(leecher.downloads.resolve("Album ☃")));
        // cover, 2 chunks of "02 Ça va", 曲, 40 notes; not the 4 chunks of the local file, the repeated cover or
        // the empty files
        assertEquals(1 + 2 + 1 + 40, a.served.get());
    }

    @Test
    void content_an_earlier_download_brought_is_copied_not_fetched_unless_it_changed() throws Exception {
        Path album = album();
        Seeder a = seeder("a");
        Path flac = album.resolve("disc 1/01 – Ouverture.flac");
        String single = a.content.addFile(flac);
        String hash = a.content.addTree(album);
        Leecher leecher = leecher();
        leecher.publish(single, "overture.flac", Files.size(flac), false, a);
        leecher.manager.download(single);
        assertEquals(DownloadState.DONE, leecher.finish(single).state());
        assertEquals(4, a.served.get(), "the single file: 4 chunks");

        leecher.publish(hash, "Album ☃", 0, true, a);
        leecher.manager.download(hash);
        Progress done = leecher.finish(hash);

        assertEquals(DownloadState.DONE, done.state(), done.reason());
        assertEquals(tree(album), tree(leecher.downloads.resolve("Album ☃")));
        // the folder fetched everything but the 4 chunks it found in the earlier download
        assertEquals(4 + 1 + 2 + 1 + 40, a.served.get());

        // the copy its note now points to changes (same size, other bytes): checked, found wrong, fetched again
        Files2.random(leecher.downloads.resolve("Album ☃/disc 1/01 – Ouverture.flac"), Files.size(flac), 98);
        Files.delete(leecher.downloads.resolve("overture.flac"));
        int before = a.served.get();
        leecher.manager.download(single);
        Progress again = leecher.finish(single);
        assertEquals(DownloadState.DONE, again.state(), again.reason());
        assertEquals(Files2.sha256(flac), Files2.sha256(leecher.downloads.resolve("overture.flac")));
        assertEquals(before + 4, a.served.get());
    }

    @Test
    void a_different_file_of_the_same_name_is_kept_and_the_download_takes_the_next_name() throws Exception {
        Path original = Files2.random(tmp.resolve("src/report.pdf"), 3 * MIB, 20);
        Seeder a = seeder("a");
        String hash = a.content.addFile(original);
        Leecher leecher = leecher();
        Path other = Files2.random(leecher.downloads.resolve("report.pdf"), 1000, 21);
        String otherSha = Files2.sha256(other);
        leecher.publish(hash, "report.pdf", Files.size(original), false, a);

        leecher.manager.download(hash);
        Progress done = leecher.finish(hash);

        assertEquals(DownloadState.DONE, done.state(), done.reason());
        assertEquals(leecher.downloads.resolve("report (1).pdf").toString(), done.target());
        assertEquals(Files2.sha256(original), Files2.sha256(leecher.downloads.resolve("report (1).pdf")));
        assertEquals(otherSha, Files2.sha256(other), "the file that was there is untouched");
    }

    @Test
    void the_same_file_already_in_place_is_done_at_once() throws Exception {
        Path original = Files2.random(tmp.resolve("src/song.mp3"), 2 * MIB + 5, 22);
        Seeder a = seeder("a");
        String hash = a.content.addFile(original);
        Leecher leecher = leecher();
        Files.copy(original, leecher.downloads.resolve("song.mp3"));
        leecher.publish(hash, "song.mp3", Files.size(original), false, a);

        leecher.manager.download(hash);
        Progress done = leecher.finish(hash);

        assertEquals(DownloadState.DONE, done.state(), done.reason());
        assertEquals(leecher.downloads.resolve("song.mp3").toString(), done.target());
        assertEquals(0, a.served.get());
        try (Stream<Path> files = Files.list(leecher.downloads)) {
            assertEquals(1, files.count(), "no copy and no part file");
        }

        Files.delete(leecher.downloads.resolve("song.mp3"));
        leecher.manager.download(hash); // asked for again after it was deleted: fetched again
        Progress again = leecher.finish(hash);
        assertEquals(DownloadState.DONE, again.state(), again.reason());
        assertEquals(Files2.sha256(original), Files2.sha256(leecher.downloads.resolve("song.mp3")));
        assertEquals(3, a.served.get());
    }

    @Test
    void a_manifest_with_a_hostile_name_is_refused_and_nothing_is_written() throws Exception {
        String empty = Hex.encode(ContentHash.chunkId(new byte[0]));
        FolderManifest hostile = new FolderManifest(List.of(
                new FolderManifest.Entry("fine.txt", FolderManifest.Kind.FILE, 0, empty),
                new FolderManifest.Entry("C:evil.txt", FolderManifest.Kind.FILE, 0, empty)));
        Seeder a = seeder("a");
        String hash = a.content.addManifest(hostile);
        Leecher leecher = leecher();
        leecher.publish(hash, "innocent", 0, true, a);

        leecher.manager.download(hash);
        Progress failed = leecher.finish(hash);

        assertEquals(DownloadState.FAILED, failed.state());
        assertTrue(failed.reason().contains("drive letter"), failed.reason());
        try (Stream<Path> files = Files.list(leecher.downloads)) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void a_hostile_download_name_is_refused() throws Exception {
        Path original = Files2.random(tmp.resolve("src/a.bin"), 1000, 23);
        Seeder a = seeder("a");
        String hash = a.content.addFile(original);
        Leecher leecher = leecher();
        leecher.publish(hash, "../../escape.bin", 1000, false, a);

        leecher.manager.download(hash);
        Progress failed = leecher.finish(hash);

        assertEquals(DownloadState.FAILED, failed.state());
        assertTrue(failed.reason().contains("path separator"), failed.reason());
        assertFalse(Files.exists(tmp.resolve("escape.bin")));
    }

    /** Every path below {@code root} with its file's SHA-256 ("dir" for folders). */
    static TreeMap<String, String> tree(Path root) throws IOException {
        TreeMap<String, String> tree = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.toList()) {
                String key = root.relativize(p).toString();
                tree.put(key, Files.isDirectory(p) ? "dir" : Files2.sha256(p));
            }
        }
        return tree;
    }
}
