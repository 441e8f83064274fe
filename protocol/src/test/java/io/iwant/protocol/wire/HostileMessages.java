package io.iwant.protocol.wire;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.iwant.protocol.discovery.Beacon;
import io.iwant.protocol.discovery.Bye;
import io.iwant.protocol.discovery.Gossip;
import io.iwant.protocol.discovery.PeerStamp;
import io.iwant.protocol.discovery.Ping;
import io.iwant.protocol.discovery.Pong;
import io.iwant.protocol.discovery.Victory;
import io.iwant.protocol.hash.ContentHash;
import io.iwant.protocol.hash.FolderManifest;
import io.iwant.protocol.hash.Hex;
import io.iwant.protocol.index.IndexDelta;
import io.iwant.protocol.index.IndexEntry;
import io.iwant.protocol.peer.PeerMessage;
import io.iwant.protocol.peer.Sync;
import io.iwant.protocol.peer.Transfer;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Structure-aware hostile messages: a valid message of every type a peer can send, encoded with exactly one field
 * occurrence (a string, an int, a long or a byte array, at any depth) replaced by a worst value. The framing stays
 * valid, so each one reaches the message's own checks instead of failing in the codec. Used by the codec's tests and
 * by the hostile-peer tests that send them to a real daemon. Not thread-safe: one instance per thread.
 */
public final class HostileMessages {
    private static final String HASH = Hex.encode(ContentHash.chunkId(new byte[]{1}));
    private static final String OTHER_HASH = Hex.encode(ContentHash.chunkId(new byte[]{2}));

    /** Strings a peer might send, as raw UTF-8 (one is not UTF-8 at all). */
    private static final List<byte[]> STRINGS = List.of(
            new byte[0],
            "A".repeat(70_000).getBytes(StandardCharsets.UTF_8),
            "\u001b]0;owned\u0007\r\n\u001b[2J".getBytes(StandardCharsets.UTF_8),
            "../../../../etc/passwd".getBytes(StandardCharsets.UTF_8),
            "/etc/passwd".getBytes(StandardCharsets.UTF_8),
            "C:\\Windows\\evil.exe".getBytes(StandardCharsets.UTF_8),
            "a:b".getBytes(StandardCharsets.UTF_8),
            "localhost:7378".getBytes(StandardCharsets.UTF_8),
            "\u202etxt.exe".getBytes(StandardCharsets.UTF_8),
            "a\u0000b".getBytes(StandardCharsets.UTF_8),
            "/".repeat(5000).getBytes(StandardCharsets.UTF_8),
            filled(300, (byte) 0xff));
    private static final int[] INTS = {-1, 0, Integer.MAX_VALUE, Integer.MIN_VALUE, 1 << 30};
    private static final long[] LONGS = {-1, 0, Long.MAX_VALUE, Long.MIN_VALUE, 1L << 50, Limits.MAX_TERM + 1};
    private static final List<byte[]> BYTES = List.of(new byte[0], new byte[31], new byte[200_000]);

    private final Kryo kryo = Codec.newKryo();
    private final Random random;
    /** The field occurrence to replace (counted over all kinds, in the order written), or -1 for none. */
    private int target = -1;
    private int seen;
    private Object replacement;
    private Kind replacementKind;

    private enum Kind { STRING, INT, LONG, BYTES }

    public HostileMessages(long seed) {
        this.random = new Random(seed);
        kryo.register(String.class, new Swapping<>(kryo.getSerializer(String.class), Kind.STRING));
        kryo.register(int.class, new Swapping<>(kryo.getSerializer(int.class), Kind.INT));
        kryo.register(long.class, new Swapping<>(kryo.getSerializer(long.class), Kind.LONG));
        kryo.register(byte[].class, new Swapping<>(kryo.getSerializer(byte[].class), Kind.BYTES), WireIds.BYTES);
    }

    /** One valid request of every type a peer sends over the peer socket. */
    public static List<PeerMessage> peerRequests() {
        IndexEntry file = new IndexEntry("Films/Silicon.Valley.S01E01.mkv", 734_003_200, HASH, false);
        return List.of(
                new PeerMessage.Ping(7),
                new PeerMessage.ConnectBack("peer-a"),
                new Sync.SnapshotPart("peer-a", "10.0.0.1:7378", 1, 3, 0, true, List.of(file)),
                new Sync.Delta("peer-a", "10.0.0.1:7378", new IndexDelta(4, List.of(file), List.of("Old/gone.txt"))),
                new Sync.Check("peer-a", "10.0.0.1:7378", 4),
                new Sync.Search("slicon valey", 20),
                new Sync.Lookup("abcdef"),
                new Sync.LocalSearch("slicon valey", 20),
                new Sync.LocalLookup("abcdef"),
                new Transfer.MetaRequest(HASH),
                new Transfer.ChunkRequest(HASH, 0, OTHER_HASH, 3),
                new Transfer.BatchRequest(1, List.of(HASH, OTHER_HASH)));
    }

    /** One valid reply of every type a peer answers with over the peer socket. */
    public static List<PeerMessage> peerReplies() {
        Sync.Found found = new Sync.Found("Silicon.Valley.S01E01.mkv", 734_003_200, HASH, false, 2);
        FolderManifest manifest = new FolderManifest(List.of(
                new FolderManifest.Entry("a.jpg", FolderManifest.Kind.FILE, 1, HASH)));
        return List.of(
                new PeerMessage.Refused("busy", true),
                new PeerMessage.Pong(7),
                new PeerMessage.ConnectedBack(false, "the connection timed out", PeerMessage.PROTOCOL, "0.1.0"),
                new Sync.Ack(4),
                new Sync.SnapshotNeeded("a gap in versions"),
                new Sync.NotLeader(),
                new Sync.Results(List.of(found)),
                new Sync.Results(List.of(found), List.of("peer-a", "peer-b")),
                new Sync.Located(HASH, "film.mkv", 1, false, List.of(new Sync.Seeder("peer-a", "10.0.0.1:7378"))),
                new Sync.Located(HASH, "film.mkv", 1, false, List.of()),
                new Sync.Ambiguous("abcdef", List.of(found)),
                new Sync.NotFound("nothing matches abcdef"),
                new Transfer.FileMeta(HASH, 1, 1 << 20, ContentHash.chunkId(new byte[]{1})),
                new Transfer.FolderMeta(manifest.hash(), manifest),
                new Transfer.ChunkData(HASH, 0, 1),
                new Transfer.Refusal(HASH, 0, Transfer.Reason.BUSY, "busy"),
                new Transfer.BatchData(1, List.of(new Transfer.Piece(HASH, 5))),
                new Transfer.BatchData(2, List.of()));
    }

    /** One valid datagram message of every discovery type. */
    public static List<Object> discoveryMessages() {
        PeerStamp stamp = new PeerStamp("peer-a", 42, 60_000);
        return List.of(new Beacon(stamp, 7378, "peer-a", 3), new Victory(stamp, 3, 99), new Ping(stamp, 5),
                new Pong(stamp, 5, "peer-a", 3, 99), new Bye(stamp),
                Gossip.of(stamp, List.of(new InetSocketAddress("10.0.0.2", 40_002))));
    }

    /**
     * A {@link Transfer.MetaRequest} whose hash is {@code length} bytes of 0xFF: well framed, far past every limit
     * (the attack that once made a peer's reply too large to encode and ended its socket thread).
     */
    public static byte[] giantHashRequest(int length) {
        byte[] valid = Codec.encode(new Transfer.MetaRequest(HASH));
        Output forged = new Output(valid.length + length + 8, -1);
        forged.writeBytes(valid, 0, valid.length - 65); // the hash ends the frame: its length (64), its 64 bytes
        forged.writeVarInt(length, true);
        forged.writeBytes(filled(length, (byte) 0xff));
        return forged.toBytes();
    }

    /** {@code message} encoded as {@link Codec#encode} does, with no field replaced. */
    public byte[] encodeFaithfully(Object message) {
        target = -1;
        return write(message);
    }

    /** {@code message} encoded with one field occurrence, chosen at random, replaced by a worst value of its kind. */
    public byte[] encodeHostile(Object message) {
        target = -1;
        write(message);
        int fields = seen;
        if (fields == 0) {
            return write(message);
        }
        target = random.nextInt(fields);
        replacementKind = null;
        replacement = null;
        return write(message);
    }

    /** {@code count} hostile encodings of messages drawn from {@code samples}. */
    public List<byte[]> hostile(List<?> samples, int count) {
        List<byte[]> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(encodeHostile(samples.get(random.nextInt(samples.size()))));
        }
        return out;
    }

    private byte[] write(Object message) {
        seen = 0;
        Output output = new Output(256, -1);
        kryo.writeClassAndObject(output, message);
        return output.toBytes();
    }

    private Object worst(Kind kind) {
        return switch (kind) {
            case STRING -> STRINGS.get(random.nextInt(STRINGS.size()));
            case INT -> INTS[random.nextInt(INTS.length)];
            case LONG -> LONGS[random.nextInt(LONGS.length)];
            case BYTES -> BYTES.get(random.nextInt(BYTES.size()));
        };
    }

    private static byte[] filled(int length, byte value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, value);
        return bytes;
    }

    /** Writes through the real serializer, except at the target occurrence, which gets a worst value. */
    private final class Swapping<T> extends Serializer<T> {
        private final Serializer<T> real;
        private final Kind kind;

        Swapping(Serializer<T> real, Kind kind) {
            super(real.getAcceptsNull(), real.isImmutable());
            this.real = real;
            this.kind = kind;
        }

        @Override
        @SuppressWarnings("unchecked")
        public void write(Kryo k, Output output, T value) {
            if (seen++ != target) {
                real.write(k, output, value);
                return;
            }
            if (replacementKind != kind) {
                replacementKind = kind;
                replacement = worst(kind);
            }
            if (kind == Kind.STRING) {
                byte[] raw = (byte[]) replacement; // written as Utf8 writes a string: its length, then its bytes
                output.writeVarInt(raw.length, true);
                output.writeBytes(raw);
            } else {
                real.write(k, output, (T) replacement);
            }
        }

        @Override
        public T read(Kryo k, Input input, Class<? extends T> type) {
            throw new UnsupportedOperationException("writes only");
        }
    }
}
