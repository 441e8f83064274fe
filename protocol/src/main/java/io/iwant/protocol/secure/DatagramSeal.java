package io.iwant.protocol.secure;

import javax.crypto.Mac;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Authenticates discovery datagrams of one private network: each carries the network's key id (4 bytes, so that
 * datagrams of another network are told apart without trying them), the sender's counter (8 bytes, rising within
 * an incarnation, for replay checks) and a 16-byte HMAC-SHA-256 tag, under a key derived from the network key,
 * over everything before it (header included). Datagrams are authenticated, not encrypted: they carry peer ids,
 * endpoints and terms, never names or content.
 *
 * <p>Layout of what {@link #seal} returns: {@code keyId(4) counter(8) body tag(16)}; the caller puts its own magic
 * and version in front and passes that header as {@code header} to both sides, so it is covered by the tag.
 * Not thread-safe (one {@link Mac} is reused): one instance per thread.
 */
public final class DatagramSeal {
    public static final int KEY_ID_BYTES = 4;
    public static final int TAG_BYTES = 16;
    /** Bytes a sealed datagram adds to its body. */
    public static final int OVERHEAD = KEY_ID_BYTES + 8 + TAG_BYTES;

    /** What {@link #open} found. */
    public enum Verdict { OK, OTHER_NETWORK, FORGED, MALFORMED }

    /** An opened datagram: the verdict, and for {@link Verdict#OK} the sender's counter and the body. */
    public record Opened(Verdict verdict, long counter, byte[] body) {
        static Opened failed(Verdict verdict) {
            return new Opened(verdict, -1, null);
        }
    }

    private final byte[] keyId;
    private final Mac mac;

    public DatagramSeal(NetworkKey key) {
        this.keyId = key.derive("discovery key id", KEY_ID_BYTES);
        this.mac = Hkdf.mac(key.derive("discovery mac", 32));
    }

    /** {@code header} (not copied into the result) then keyId, counter, body and tag. */
    public byte[] seal(byte[] header, long counter, byte[] body) {
        ByteBuffer out = ByteBuffer.allocate(header.length + OVERHEAD + body.length);
        out.put(header).put(keyId).putLong(counter).put(body);
        mac.update(out.array(), 0, out.position());
        byte[] tag = mac.doFinal();
        out.put(tag, 0, TAG_BYTES);
        return out.array();
    }

    /**
     * Checks a datagram {@link #seal} made: {@code buffer[0..length)}, whose first {@code headerLength} bytes are the
     * caller's header (already checked by it).
     */
    public Opened open(byte[] buffer, int headerLength, int length) {
        if (length < headerLength + OVERHEAD) {
            return Opened.failed(Verdict.MALFORMED);
        }
        if (!Arrays.equals(buffer, headerLength, headerLength + KEY_ID_BYTES, keyId, 0, KEY_ID_BYTES)) {
            return Opened.failed(Verdict.OTHER_NETWORK);
        }
        int tagAt = length - TAG_BYTES;
        mac.update(buffer, 0, tagAt);
        byte[] expected = mac.doFinal();
        if (!Hkdf.same(Arrays.copyOf(expected, TAG_BYTES), Arrays.copyOfRange(buffer, tagAt, length))) {
            return Opened.failed(Verdict.FORGED);
        }
        long counter = ByteBuffer.wrap(buffer, headerLength + KEY_ID_BYTES, 8).getLong();
        return new Opened(Verdict.OK, counter, Arrays.copyOfRange(buffer, headerLength + KEY_ID_BYTES + 8, tagAt));
    }
}
