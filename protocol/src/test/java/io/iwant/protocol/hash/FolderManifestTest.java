package io.iwant.protocol.hash;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.iwant.protocol.hash.FolderManifest.Kind.FILE;
import static io.iwant.protocol.hash.FolderManifest.Kind.FOLDER;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Known answers for folder hashes over the tree
 * {@code top/ { a.txt = "hello", sub/ { b.bin = 00 01 02, empty/ }, zé = "" }}, computed by hand from the
 * documented byte layout and pinned from an independent implementation.
 */
class FolderManifestTest {
    private static final String EMPTY_FOLDER = "395c2f5598a1643a205154c6f4c46ce36895b28e6c35660a95e5c6fd5ef9aeab";
    private static final String SUB = "b3fb2ba307dfda9915bb7cec78236c4b7346be9220594060b36df11e512f2515";
    private static final String TOP = "0a1ddfcdee229cf3ab46de8c8d70b64db568a660a2a7303e8227aed0dad9db10";

    @Test
    void an_empty_folder_hashes_five_bytes() {
        FolderManifest empty = new FolderManifest(List.of());
        assertArrayEquals(new byte[] {2, 0, 0, 0, 0}, empty.encode());
        assertEquals(EMPTY_FOLDER, Hex.encode(ContentHashTest.sha(new byte[] {2, 0, 0, 0, 0})));
        assertEquals(EMPTY_FOLDER, empty.hash());
    }

    @Test
    void nested_folders_hash_up_to_the_top() throws IOException {
        String hello = fileHash("hello".getBytes(StandardCharsets.UTF_8));
        String bin = fileHash(new byte[] {0, 1, 2});
        String none = fileHash(new byte[0]);

        FolderManifest sub = new FolderManifest(List.of(
                new FolderManifest.Entry("empty", FOLDER, 0, EMPTY_FOLDER),
                new FolderManifest.Entry("b.bin", FILE, 3, bin)));
        byte[] subBytes = byHand(new Object[][] {{"b.bin", 0, 3L, bin}, {"empty", 1, 0L, EMPTY_FOLDER}});
        assertArrayEquals(subBytes, sub.encode());
        assertEquals(SUB, Hex.encode(ContentHashTest.sha(subBytes)));
        assertEquals(SUB, sub.hash());
        assertEquals(3, sub.totalSize());

        FolderManifest top = new FolderManifest(List.of(
                new FolderManifest.Entry("zé", FILE, 0, none),
                new FolderManifest.Entry("sub", FOLDER, 3, sub.hash()),
                new FolderManifest.Entry("a.txt", FILE, 5, hello)));
        byte[] topBytes = byHand(new Object[][] {{"a.txt", 0, 5L, hello}, {"sub", 1, 3L, SUB}, {"zé", 0, 0L, none}});
        assertArrayEquals(topBytes, top.encode());
        assertEquals(TOP, Hex.encode(ContentHashTest.sha(topBytes)));
        assertEquals(TOP, top.hash());
    }

    @Test
    void the_streaming_digest_matches_the_record() {
        String bin = fileHash(new byte[] {0, 1, 2});
        byte[] streamed = new ManifestDigest(2)
                .add("b.bin", FILE, 3, Hex.decode(bin))
                .add("empty", FOLDER, 0, Hex.decode(EMPTY_FOLDER))
                .finish();
        assertEquals(SUB, Hex.encode(streamed));
    }

    @Test
    void the_streaming_digest_refuses_wrong_order_and_counts() {
        byte[] h = Hex.decode(EMPTY_FOLDER);
        assertThrows(IllegalArgumentException.class, () -> new ManifestDigest(2).add("b", FILE, 0, h).add("a", FILE, 0, h));
        assertThrows(IllegalArgumentException.class, () -> new ManifestDigest(2).add("a", FILE, 0, h).add("a", FILE, 0, h));
        assertThrows(IllegalStateException.class, () -> new ManifestDigest(2).add("a", FILE, 0, h).finish());
        assertThrows(IllegalStateException.class, () -> new ManifestDigest(0).add("a", FILE, 0, h));
    }

    @Test
    void names_sort_by_code_point_not_by_utf16_unit() {
        String bmpHigh = "\uFF21"; // FULLWIDTH A, U+FF21
        String astral = "\uD83D\uDE00"; // U+1F600, a surrogate pair in UTF-16
        assertTrue(bmpHigh.compareTo(astral) > 0, "String.compareTo would put the astral name first");
        assertTrue(FolderManifest.NAME_ORDER.compare(bmpHigh, astral) < 0);
        String h = EMPTY_FOLDER;
        FolderManifest m = new FolderManifest(List.of(new FolderManifest.Entry(astral, FILE, 0, h),
                new FolderManifest.Entry(bmpHigh, FILE, 0, h), new FolderManifest.Entry("B", FILE, 0, h),
                new FolderManifest.Entry("a", FILE, 0, h)));
        assertEquals(List.of("B", "a", bmpHigh, astral), m.entries().stream().map(FolderManifest.Entry::name).toList());
    }

    @Test
    void bad_manifests_are_refused() {
        String h = EMPTY_FOLDER;
        assertThrows(IllegalArgumentException.class, () -> new FolderManifest.Entry("a/b", FILE, 0, h));
        assertThrows(IllegalArgumentException.class, () -> new FolderManifest.Entry("..", FILE, 0, h));
        assertThrows(IllegalArgumentException.class, () -> new FolderManifest.Entry("a\\b", FILE, 0, h));
        assertThrows(IllegalArgumentException.class, () -> new FolderManifest.Entry("", FILE, 0, h));
        assertThrows(IllegalArgumentException.class, () -> new FolderManifest.Entry("a", FILE, -1, h));
        assertThrows(IllegalArgumentException.class, () -> new FolderManifest.Entry("a", FILE, 0, h.toUpperCase()));
        assertThrows(IllegalArgumentException.class, () -> new FolderManifest(List.of(
                new FolderManifest.Entry("a", FILE, 0, h), new FolderManifest.Entry("a", FOLDER, 0, h))));
        assertThrows(IllegalArgumentException.class, () -> new FolderManifest(List.of(
                new FolderManifest.Entry("a", FILE, Long.MAX_VALUE, h), new FolderManifest.Entry("b", FILE, 1, h))));
        assertFalse(FolderManifest.isValidName("\uD83D"));
    }

    private static String fileHash(byte[] data) {
        return Hex.encode(ContentHash.chunkId(data));
    }

    /** The documented layout, written out literally. */
    private static byte[] byHand(Object[][] sortedEntries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeByte(0x02);
        out.writeInt(sortedEntries.length);
        for (Object[] e : sortedEntries) {
            byte[] name = ((String) e[0]).getBytes(StandardCharsets.UTF_8);
            out.writeInt(name.length);
            out.write(name);
            out.writeByte((Integer) e[1]);
            out.writeLong((Long) e[2]);
            out.write(Hex.decode((String) e[3]));
        }
        return bytes.toByteArray();
    }
}
