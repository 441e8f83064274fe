package io.iwant.protocol.wire;

import io.iwant.protocol.control.ControlReply;
import io.iwant.protocol.control.ControlRequest;
import io.iwant.protocol.control.DownloadState;
import io.iwant.protocol.hash.Hex;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

class CodecFuzzTest {
    private static final int CASES = 20_000;

    private static final List<Object> SAMPLES = List.of(
            new ControlRequest.Status(),
            new ControlRequest.SetFolder(ControlRequest.FolderKind.DOWNLOADS, "/tmp/dö wnloads"),
            new ControlRequest.Search("slicon valey", 20),
            new ControlRequest.Stream("abcdef", false),
            new ControlReply.Failed(1, "the shared folder /x does not exist"),
            new ControlReply.Config("/a", "/b", "lo", "239.255.77.77:7377", 7378, List.of("10.0.0.1:7377", "h:1"),
                    new ControlReply.Network(ControlReply.NetworkMode.PRIVATE, "3f9a1c228b07", "5d0e4b1c9a22"), "on"),
            new ControlReply.Status("abcd", "dev", "/h", "/a", "/b", 1234, null,
                    List.of(new ControlReply.Member("p1", "127.0.0.1:7378", 99, true, false)),
                    new ControlReply.IndexState(1, 2, 3, true, 4, 5),
                    List.of(new ControlReply.Download("ab".repeat(32), "film.mkv", false, DownloadState.DOWNLOADING, 10, 100, 5,
                            18, 3, "", "/b/film.mkv")),
                    List.of(), new ControlReply.Network(ControlReply.NetworkMode.OPEN, null, "5d0e4b1c9a22")),
            new ControlReply.SearchResults(List.of(new ControlReply.Hit("Silicon.Valley.mkv", 1L << 33,
                    "cd".repeat(32), false, 2))));

    @Test
    void every_sample_round_trips() throws ProtocolException {
        for (Object sample : SAMPLES) {
            assertEquals(sample, Codec.decode(Codec.encode(sample), Object.class));
        }
    }

    @Test
    void random_bytes_are_rejected_cleanly_never_crash() {
        Random random = new Random(0x1A2B3C);
        int rejected = 0;
        for (int i = 0; i < CASES; i++) {
            byte[] garbage = new byte[random.nextInt(64)];
            random.nextBytes(garbage);
            rejected += decodeSafely(garbage, i) ? 0 : 1;
        }
        // nearly all garbage must be refused; the rest decoded to a valid message of the expected type
        assertEquals(true, rejected > CASES * 9 / 10, "rejected " + rejected);
    }

    @Test
    void mutated_messages_are_rejected_or_decode_to_a_valid_message() {
        Random random = new Random(42);
        for (int i = 0; i < CASES; i++) {
            byte[] bytes = Codec.encode(SAMPLES.get(random.nextInt(SAMPLES.size()))).clone();
            int mutations = 1 + random.nextInt(4);
            for (int m = 0; m < mutations; m++) {
                switch (random.nextInt(4)) {
                    case 0 -> bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
                    case 1 -> bytes = java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length + 1));
                    case 2 -> bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
                    default -> { // a huge varint length where a length was
                        byte[] longer = java.util.Arrays.copyOf(bytes, bytes.length + 5);
                        int at = random.nextInt(bytes.length);
                        System.arraycopy(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x07}, 0,
                                longer, at, 5);
                        bytes = longer;
                    }
                }
                if (bytes.length == 0) {
                    break;
                }
            }
            decodeSafely(bytes, i);
        }
    }

    @Test
    void huge_declared_lengths_allocate_nothing() {
        // class id of SearchResults, then a list claiming two billion elements in a 10-byte message
        byte[] head = Codec.encode(new ControlReply.SearchResults(List.of()));
        byte[] bytes = java.util.Arrays.copyOf(head, head.length + 4);
        bytes[head.length - 1] = (byte) 0xff;
        bytes[head.length] = (byte) 0xff;
        bytes[head.length + 1] = (byte) 0xff;
        bytes[head.length + 2] = (byte) 0xff;
        bytes[head.length + 3] = 0x07;
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> Codec.decode(bytes, ControlReply.class));
        assertEquals(true, e.getMessage().startsWith("malformed message"), e.getMessage());
    }

    @Test
    void a_message_of_the_wrong_kind_is_refused() {
        byte[] bytes = Codec.encode(new ControlRequest.Stop());
        ProtocolException e = assertThrows(ProtocolException.class, () -> Codec.decode(bytes, ControlReply.class));
        assertEquals("unexpected message: Stop where ControlReply was expected", e.getMessage());
    }

    @Test
    void record_invariants_hold_for_decoded_messages() {
        byte[] bytes = Codec.encode(new ControlRequest.Search("x", 5));
        byte[] other = Codec.encode(new ControlRequest.Search("x", 6));
        int at = java.util.Arrays.mismatch(bytes, other);
        bytes[at] = 0; // limit 0 breaks Search's compact constructor
        assertThrows(ProtocolException.class, () -> Codec.decode(bytes, ControlRequest.class));
    }

    @Test
    void frames_over_the_limit_or_cut_short_are_refused() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Frames.write(out, new byte[] {1, 2, 3});
        assertArrayEquals(new byte[] {1, 2, 3}, Frames.read(new ByteArrayInputStream(out.toByteArray()), 10));
        assertThrows(ProtocolException.class, () -> Frames.read(new ByteArrayInputStream(out.toByteArray()), 2));
        byte[] cut = java.util.Arrays.copyOf(out.toByteArray(), 5);
        assertThrows(ProtocolException.class, () -> Frames.read(new ByteArrayInputStream(cut), 10));
        assertThrows(ProtocolException.class,
                () -> Frames.read(new ByteArrayInputStream(new byte[] {(byte) 0x80, 0, 0, 0}), 10));
        assertThrows(ProtocolException.class, () -> Frames.read(new ByteArrayInputStream(new byte[] {0, 0}), 10));
        assertEquals(null, Frames.read(new ByteArrayInputStream(new byte[0]), 10));
    }

    @Test
    void random_frame_streams_never_allocate_more_than_the_limit() {
        Random random = new Random(7);
        for (int i = 0; i < CASES; i++) {
            byte[] stream = new byte[random.nextInt(16)];
            random.nextBytes(stream);
            try {
                byte[] frame = Frames.read(new ByteArrayInputStream(stream), 1024);
                if (frame != null && frame.length > 1024) {
                    fail("frame over the limit in case " + i);
                }
            } catch (ProtocolException expected) {
                // refused cleanly
            } catch (IOException | RuntimeException e) {
                fail("case " + i + " threw " + e);
            }
        }
    }

    /** True when the bytes decoded to a valid message; false when refused with a ProtocolException. */
    private static boolean decodeSafely(byte[] bytes, int caseNumber) {
        try {
            Object value = Codec.decode(bytes, Object.class);
            Codec.encode(value); // whatever decoded must be a well-formed, registered message
            return true;
        } catch (ProtocolException expected) {
            return false;
        } catch (Throwable e) {
            fail("case " + caseNumber + " threw " + e + " for " + Hex.encode(bytes));
            return false;
        }
    }
}
