package io.iwant.protocol.hash;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Known answers for file hashes. Each case is checked twice: against a value computed here by hand with a bare
 * MessageDigest following the scheme's words, and against a literal pinned from an independent implementation,
 * so the scheme can never drift silently.
 */
class ContentHashTest {
    private static final int C = ContentHash.CHUNK_SIZE;

    @TempDir
    Path dir;

    @Test
    void an_empty_file_is_one_empty_chunk() throws Exception {
        byte[] expected = sha(new byte[] {0});
        check(new byte[0], expected, "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d", 1);
    }

    @Test
    void a_one_byte_file_is_its_chunk_id() throws Exception {
        byte[] data = pattern(1);
        check(data, sha(new byte[] {0, data[0]}),
                "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7", 1);
    }

    @Test
    void a_file_of_exactly_one_chunk_has_one_chunk() throws Exception {
        byte[] data = pattern(C);
        check(data, chunk(data, 0), "f4e53704c07aef05b5b12a89d6c1e54292fa7d9d8c3ee431c40b6f6ef6d19280", 1);
    }

    @Test
    void one_chunk_plus_one_byte_makes_a_node_over_two_chunks() throws Exception {
        byte[] data = pattern(C + 1);
        byte[] expected = node(chunk(data, 0), chunk(data, 1));
        check(data, expected, "c782cd77b0f9139f9d7fab306f384a6cab7f6c65426252d0f67ef5aadffcc3f3", 2);
    }

    @Test
    void three_chunks_carry_the_odd_last_chunk_up() throws Exception {
        byte[] data = pattern(3 * C);
        byte[] expected = node(node(chunk(data, 0), chunk(data, 1)), chunk(data, 2));
        check(data, expected, "062d9057692524803edcdf17d4b5465325bbb35d99cc9c65907aa4f0dfa4449c", 3);
    }

    @Test
    void five_chunks_carry_the_odd_node_up_twice() throws Exception {
        byte[] data = pattern(5 * C - 7);
        byte[] left = node(node(chunk(data, 0), chunk(data, 1)), node(chunk(data, 2), chunk(data, 3)));
        byte[] expected = node(left, chunk(data, 4));
        check(data, expected, "f91a9862f3ec9feccfe1a34b7b7a3761e9539bbfdb5edafa46457535410597b3", 5);
    }

    @Test
    void a_stream_fed_in_small_reads_hashes_like_the_file() throws Exception {
        byte[] data = pattern(3 * C + 5);
        FileDigest fromFile = new FileHasher().hash(write(data));
        FileDigest fromStream = new FileHasher().hash(
                Channels.newChannel(new TrickleStream(data)), 0, null);
        assertEquals(fromFile.hash(), fromStream.hash());
        assertEquals(4, fromStream.chunkCount());
        assertEquals(data.length, fromStream.size());
    }

    @Test
    void a_prefix_of_known_size_hashes_like_a_file_of_that_size() throws Exception {
        byte[] data = pattern(2 * C + 9);
        for (int size : new int[] {0, 1, C, C + 1, 2 * C + 9}) {
            Path prefix = write(java.util.Arrays.copyOf(data, size));
            try (var channel = java.nio.channels.FileChannel.open(write(data))) {
                FileDigest digest = new FileHasher().hashPrefix(channel, size, null);
                assertEquals(new FileHasher().hash(prefix).hash(), digest.hash(), "prefix of " + size);
                assertEquals(size, digest.size());
            }
        }
        try (var channel = java.nio.channels.FileChannel.open(write(pattern(10)))) {
            assertEquals(10, new FileHasher().hashPrefix(channel, 20, null).size(), "a shorter file ends sooner");
        }
    }

    @Test
    void chunks_hashed_in_parts_and_out_of_order_give_the_ids_of_the_whole_file() throws Exception {
        byte[] data = pattern(5 * C + 77);
        Path file = write(data);
        FileDigest whole = new FileHasher().hash(file);
        byte[] ids = new byte[6 * ContentHash.HASH_BYTES];
        long[] progress = {0};
        try (var channel = java.nio.channels.FileChannel.open(file)) {
            FileHasher one = new FileHasher();
            FileHasher other = new FileHasher();
            assertEquals(C + 77L, other.hashChunks(channel, data.length, 4, 2, ids, n -> progress[0] += n));
            assertEquals(C, one.hashChunks(channel, data.length, 0, 1, ids, n -> progress[0] += n));
            assertEquals(3L * C, one.hashChunks(channel, data.length, 1, 3, ids, n -> progress[0] += n));
        }
        assertArrayEquals(whole.chunkIdBytes(), ids);
        assertEquals(data.length, progress[0]);
        assertEquals(whole.hash(), new FileDigest(data.length, C, ids).hash());

        try (var channel = java.nio.channels.FileChannel.open(write(pattern(C + 10)))) {
            assertEquals(10, new FileHasher().hashChunks(channel, 2L * C, 1, 1, new byte[64], null),
                    "a file shorter than asked reads short");
        }
    }

    @Test
    void progress_adds_up_to_the_size() throws Exception {
        byte[] data = pattern(2 * C + 3);
        long[] seen = {0};
        new FileHasher().hash(write(data), n -> seen[0] += n);
        assertEquals(data.length, seen[0]);
    }

    @Test
    void the_merkle_root_needs_whole_ids() {
        assertThrows(IllegalArgumentException.class, () -> ContentHash.merkleRoot(new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> ContentHash.merkleRoot(new byte[33]));
    }

    @Test
    void chunk_counts_start_at_one() {
        assertEquals(1, ContentHash.chunkCount(0, C));
        assertEquals(1, ContentHash.chunkCount(C, C));
        assertEquals(2, ContentHash.chunkCount(C + 1, C));
    }

    @Test
    void hex_round_trips_and_recognises_hashes() {
        byte[] bytes = {0, 1, (byte) 0xab, (byte) 0xff};
        assertEquals("0001abff", Hex.encode(bytes));
        assertArrayEquals(bytes, Hex.decode("0001ABff"));
        assertTrue(Hex.isHash("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"));
        assertFalse(Hex.isHash("6E340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"));
        assertFalse(Hex.isHash("6e34"));
        assertThrows(IllegalArgumentException.class, () -> Hex.decode("0g"));
        assertThrows(IllegalArgumentException.class, () -> Hex.decode("abc"));
    }

    private void check(byte[] data, byte[] byHand, String pinned, int chunks) throws IOException {
        assertEquals(pinned, Hex.encode(byHand), "the hand computation disagrees with the pinned value");
        FileDigest digest = new FileHasher().hash(write(data));
        assertEquals(pinned, digest.hash());
        assertEquals(data.length, digest.size());
        assertEquals(chunks, digest.chunkCount());
        for (int i = 0; i < chunks; i++) {
            assertEquals(Hex.encode(chunk(data, i)), digest.chunkId(i));
        }
        assertEquals(pinned, Hex.encode(ContentHash.merkleRoot(digest.chunkIdBytes())));
    }

    private Path write(byte[] data) throws IOException {
        Path file = Files.createTempFile(dir, "f", ".bin");
        Files.write(file, data);
        return file;
    }

    static byte[] pattern(int n) {
        byte[] data = new byte[n];
        for (int i = 0; i < n; i++) {
            data[i] = (byte) (i % 251);
        }
        return data;
    }

    private static byte[] chunk(byte[] data, int index) {
        int from = index * C;
        int to = Math.min(data.length, from + C);
        byte[] tagged = new byte[1 + to - from];
        tagged[0] = 0x00;
        System.arraycopy(data, from, tagged, 1, to - from);
        return sha(tagged);
    }

    private static byte[] node(byte[] left, byte[] right) {
        byte[] joined = new byte[65];
        joined[0] = 0x01;
        System.arraycopy(left, 0, joined, 1, 32);
        System.arraycopy(right, 0, joined, 33, 32);
        return sha(joined);
    }

    static byte[] sha(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Hands out at most 1000 bytes per read, to prove chunks are filled across short reads. */
    private static final class TrickleStream extends ByteArrayInputStream {
        TrickleStream(byte[] data) {
            super(data);
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) {
            return super.read(b, off, Math.min(len, 1000));
        }

        @Override
        public byte[] readAllBytes() {
            return Arrays.copyOf(buf, count);
        }
    }
}
