package io.iwant.protocol.peer;

import io.iwant.protocol.hash.ContentHash;
import io.iwant.protocol.hash.FolderManifest;
import io.iwant.protocol.hash.Hex;
import io.iwant.protocol.wire.Codec;
import io.iwant.protocol.wire.ProtocolException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TransferWireTest {
    private static final String OTHER = "395c2f5598a1643a205154c6f4c46ce36895b28e6c35660a95e5c6fd5ef9aeab";

    private static byte[] ids(int chunks) {
        byte[] ids = new byte[chunks * ContentHash.HASH_BYTES];
        for (int i = 0; i < chunks; i++) {
            byte[] id = ContentHash.chunkId(new byte[] {(byte) i});
            System.arraycopy(id, 0, ids, i * 32, 32);
        }
        return ids;
    }

    private static Transfer.FileMeta fileMeta() {
        byte[] ids = ids(3);
        return new Transfer.FileMeta(Hex.encode(ContentHash.merkleRoot(ids)), 2 * 1024 * 1024 + 5,
                ContentHash.CHUNK_SIZE, ids);
    }

    private static Transfer.FolderMeta folderMeta() {
        FolderManifest manifest = new FolderManifest(List.of(
                new FolderManifest.Entry("a.txt", FolderManifest.Kind.FILE, 5, OTHER),
                new FolderManifest.Entry("sub", FolderManifest.Kind.FOLDER, 0, OTHER)));
        return new Transfer.FolderMeta(manifest.hash(), manifest);
    }

    @Test
    void every_transfer_message_crosses_the_wire_unchanged() throws Exception {
        Transfer.FileMeta file = fileMeta();
        Transfer.FileMeta fileBack = Codec.decode(Codec.encode(file), Transfer.FileMeta.class);
        assertEquals(file.hash(), fileBack.hash());
        assertEquals(file.size(), fileBack.size());
        assertArrayEquals(file.chunkIds(), fileBack.chunkIds());
        for (PeerMessage m : List.of(new Transfer.MetaRequest(OTHER), folderMeta(), new Transfer.ChunkRequest(OTHER, 7),
                new Transfer.ChunkRequest(OTHER, 8, OTHER, 7),
                new Transfer.ChunkData(OTHER, 7, 1 << 20),
                new Transfer.Refusal(OTHER, -1, Transfer.Reason.CHANGED, "the file changed"),
                new Transfer.BatchRequest(3, List.of(OTHER, file.hash())),
                new Transfer.BatchData(3, List.of(new Transfer.Piece(OTHER, 5), new Transfer.Piece(file.hash(), 0))),
                new Transfer.BatchData(4, List.of()))) {
            assertEquals(m, Codec.decode(Codec.encode(m), PeerMessage.class));
        }
    }

    @Test
    void a_batch_is_refused_when_empty_too_long_repeated_or_over_one_chunk_of_bytes() {
        assertThrows(IllegalArgumentException.class, () -> new Transfer.BatchRequest(1, List.of()));
        List<String> many = new java.util.ArrayList<>();
        for (int i = 0; i <= Transfer.MAX_BATCH_FILES; i++) {
            many.add(Hex.encode(ContentHash.chunkId(new byte[] {(byte) i, (byte) (i >> 8)})));
        }
        assertThrows(IllegalArgumentException.class, () -> new Transfer.BatchRequest(1, many));
        assertThrows(IllegalArgumentException.class, () -> new Transfer.BatchRequest(1, List.of(OTHER, OTHER)));
        assertThrows(IllegalArgumentException.class, () -> new Transfer.BatchRequest(1, List.of("not a hash")));
        assertThrows(IllegalArgumentException.class, () -> new Transfer.Piece(OTHER, -1));
        assertThrows(IllegalArgumentException.class,
                () -> new Transfer.Piece(OTHER, Transfer.MAX_BATCH_BYTES + 1));
        assertThrows(IllegalArgumentException.class, () -> new Transfer.BatchData(1, List.of(
                new Transfer.Piece(OTHER, Transfer.MAX_BATCH_BYTES), new Transfer.Piece(OTHER, 1))));
        List<Transfer.Piece> pieces = many.stream().map(h -> new Transfer.Piece(h, 0)).toList();
        assertThrows(IllegalArgumentException.class, () -> new Transfer.BatchData(1, pieces));
        assertEquals(6, new Transfer.BatchData(1, List.of(new Transfer.Piece(OTHER, 5),
                new Transfer.Piece(OTHER, 1))).bytes());
    }

    @Test
    void chunk_ids_that_do_not_hash_to_the_file_hash_are_refused_on_arrival() {
        Transfer.FileMeta meta = fileMeta();
        byte[] encoded = Codec.encode(meta);
        int at = indexOf(encoded, meta.chunkIds());
        assertTrue(at >= 0);
        encoded[at + 40] ^= 1; // a byte of the second chunk id
        ProtocolException e = assertThrows(ProtocolException.class, () -> Codec.decode(encoded, PeerMessage.class));
        assertTrue(e.getMessage().contains("do not hash to"), e.getMessage());
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Test
    void a_manifest_under_another_hash_is_refused_on_arrival() {
        Transfer.FolderMeta meta = folderMeta();
        byte[] encoded = Codec.encode(meta);
        String text = new String(encoded, StandardCharsets.ISO_8859_1);
        byte[] forged = text.replace(meta.hash(), OTHER.replace('3', '4')).getBytes(StandardCharsets.ISO_8859_1);
        ProtocolException e = assertThrows(ProtocolException.class, () -> Codec.decode(forged, PeerMessage.class));
        assertTrue(e.getMessage().contains("does not hash to"), e.getMessage());
    }

    @Test
    void messages_check_themselves() {
        assertThrows(IllegalArgumentException.class, () -> new Transfer.MetaRequest("../etc/passwd"));
        assertThrows(IllegalArgumentException.class, () -> new Transfer.MetaRequest(OTHER.toUpperCase()));
        assertThrows(IllegalArgumentException.class, () -> new Transfer.ChunkRequest(OTHER, -1));
        assertThrows(IllegalArgumentException.class, () -> new Transfer.ChunkRequest(OTHER, 0, "", 3),
                "an acknowledged index without its hash");
        assertThrows(IllegalArgumentException.class, () -> new Transfer.ChunkRequest(OTHER, 0, "../x", 3));
        assertThrows(IllegalArgumentException.class, () -> new Transfer.ChunkRequest(OTHER, 0, OTHER, -1));
        assertEquals(null, new Transfer.ChunkRequest(OTHER, 0).acknowledged());
        assertEquals(OTHER + "/7", new Transfer.ChunkRequest(OTHER, 0, OTHER, 7).acknowledged());
        assertEquals(Transfer.chunkKey(OTHER, 7), new Transfer.ChunkRequest(OTHER, 0, OTHER, 7).acknowledged());
        assertThrows(IllegalArgumentException.class, () -> new Transfer.ChunkData(OTHER, 0, -1));
        assertThrows(IllegalArgumentException.class,
                () -> new Transfer.ChunkData(OTHER, 0, Transfer.MAX_CHUNK_SIZE + 1));
        assertThrows(IllegalArgumentException.class, () -> new Transfer.Refusal(OTHER, -2, Transfer.Reason.BUSY, ""));
        assertThrows(IllegalArgumentException.class,
                () -> new Transfer.Refusal(OTHER, 0, Transfer.Reason.BUSY, "x".repeat(Transfer.MAX_DETAIL + 1)));
        byte[] ids = ids(3);
        String root = Hex.encode(ContentHash.merkleRoot(ids));
        assertThrows(IllegalArgumentException.class, () -> new Transfer.FileMeta(root, 10, 1 << 20, ids),
                "3 chunk ids for a file of one chunk");
        assertThrows(IllegalArgumentException.class, () -> new Transfer.FileMeta(root, -1, 1 << 20, ids));
        assertThrows(IllegalArgumentException.class, () -> new Transfer.FileMeta(root, 3L << 20, 0, ids));
        assertThrows(IllegalArgumentException.class, () -> new Transfer.FileMeta(root, 3L << 20, 1 << 20, null));
    }

    @Test
    void flipped_bytes_give_a_protocol_error_or_a_valid_message_never_anything_else() {
        Random random = new Random(6);
        for (PeerMessage m : List.of(fileMeta(), folderMeta(), new Transfer.ChunkRequest(OTHER, 3, OTHER, 2),
                new Transfer.ChunkData(OTHER, 3, 100), new Transfer.Refusal(OTHER, 1, Transfer.Reason.BUSY, "busy"))) {
            byte[] good = Codec.encode(m);
            for (int i = 0; i < 400; i++) {
                byte[] bad = good.clone();
                bad[random.nextInt(bad.length)] = (byte) random.nextInt(256);
                if (random.nextBoolean()) {
                    bad[random.nextInt(bad.length)] = (byte) random.nextInt(256);
                }
                try {
                    Codec.decode(bad, PeerMessage.class);
                } catch (ProtocolException expected) {
                    // refused cleanly
                }
            }
        }
    }
}
