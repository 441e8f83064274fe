package io.iwant.protocol.discovery;

import io.iwant.protocol.secure.DatagramSeal;
import io.iwant.protocol.wire.Codec;
import io.iwant.protocol.wire.ProtocolException;

import java.util.Arrays;

/**
 * The datagram formats of discovery, {@link #MAX_DATAGRAM} bytes at most, both starting with four magic bytes
 * {@code IWNT} and one version byte:
 * <ul>
 * <li>version {@link #VERSION} (an open network): then one Kryo-encoded {@link DiscoveryMessage};</li>
 * <li>version {@link #PRIVATE_VERSION} (a private network): then what {@link DatagramSeal#seal} appends, the key id
 *     (4 bytes), the sender's counter (8 bytes, big-endian), the Kryo-encoded message and a 16-byte tag over
 *     everything before it, magic and version included.</li>
 * </ul>
 * The magic keeps foreign traffic on the same port from ever reaching Kryo; the version tells the formats apart
 * before anything else is read, so that each kind of network drops the other's datagrams cheaply.
 */
public final class Datagrams {
    /** Upper bound for one discovery datagram, in bytes; anything longer is rejected unread. */
    public static final int MAX_DATAGRAM = 512;
    /** The format of an open network. */
    public static final byte VERSION = 1;
    /** The format of a private network: sealed with the network's key. */
    public static final byte PRIVATE_VERSION = 2;

    private static final byte[] MAGIC = {'I', 'W', 'N', 'T'};
    private static final int HEADER = MAGIC.length + 1;
    private static final byte[] PRIVATE_HEADER = {'I', 'W', 'N', 'T', PRIVATE_VERSION};

    /**
     * A private datagram, opened: the verdict on its key id and tag; for {@link DatagramSeal.Verdict#OK} the
     * sender's counter and the message. A datagram whose tag is right but whose body is not a message is
     * {@link DatagramSeal.Verdict#MALFORMED}.
     */
    public record Opened(DatagramSeal.Verdict verdict, long counter, DiscoveryMessage message) {
        static Opened failed(DatagramSeal.Verdict verdict) {
            return new Opened(verdict, -1, null);
        }
    }

    private Datagrams() {
    }

    /** Encodes one message into the datagram of an open network. */
    public static byte[] encode(DiscoveryMessage message) {
        byte[] body = body(message, HEADER);
        byte[] datagram = new byte[HEADER + body.length];
        System.arraycopy(MAGIC, 0, datagram, 0, MAGIC.length);
        datagram[MAGIC.length] = VERSION;
        System.arraycopy(body, 0, datagram, HEADER, body.length);
        return datagram;
    }

    /** Encodes one message into the datagram of a private network, sealed by {@code seal} with {@code counter}. */
    public static byte[] seal(DiscoveryMessage message, DatagramSeal seal, long counter) {
        return seal.seal(PRIVATE_HEADER, counter, body(message, HEADER + DatagramSeal.OVERHEAD));
    }

    /** The format version of the first {@code length} bytes of {@code buffer}; -1 when they lack our magic. */
    public static int version(byte[] buffer, int length) {
        if (length < HEADER || !Arrays.equals(buffer, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            return -1;
        }
        return buffer[MAGIC.length];
    }

    /** Whether the first {@code length} bytes of {@code buffer} are an open network's datagram at all. */
    public static boolean isOurs(byte[] buffer, int length) {
        return version(buffer, length) == VERSION;
    }

    /**
     * Decodes an open network's datagram, the first {@code length} bytes of {@code buffer}.
     *
     * @throws ProtocolException when the datagram is oversized, foreign (see {@link #isOurs}) or malformed
     */
    public static DiscoveryMessage decode(byte[] buffer, int length) throws ProtocolException {
        if (length > MAX_DATAGRAM) {
            throw new ProtocolException("datagram of " + length + " bytes exceeds " + MAX_DATAGRAM + " bytes");
        }
        if (!isOurs(buffer, length)) {
            throw new ProtocolException("not an iwant discovery datagram of version " + VERSION);
        }
        return Codec.decode(Arrays.copyOfRange(buffer, HEADER, length), DiscoveryMessage.class);
    }

    /**
     * Opens a private network's datagram, the first {@code length} bytes of {@code buffer}: its key id is checked
     * first (another network's datagram costs no MAC), then its tag, and only then is its body decoded.
     */
    public static Opened open(DatagramSeal seal, byte[] buffer, int length) {
        if (length > MAX_DATAGRAM || version(buffer, length) != PRIVATE_VERSION) {
            return Opened.failed(DatagramSeal.Verdict.MALFORMED);
        }
        DatagramSeal.Opened opened = seal.open(buffer, HEADER, length);
        if (opened.verdict() != DatagramSeal.Verdict.OK) {
            return Opened.failed(opened.verdict());
        }
        try {
            return new Opened(DatagramSeal.Verdict.OK, opened.counter(),
                    Codec.decode(opened.body(), DiscoveryMessage.class));
        } catch (ProtocolException e) {
            return Opened.failed(DatagramSeal.Verdict.MALFORMED);
        }
    }

    /** The Kryo body of {@code message}, checked to fit into a datagram after {@code before} bytes. */
    private static byte[] body(DiscoveryMessage message, int before) {
        byte[] body = Codec.encode(message);
        if (before + body.length > MAX_DATAGRAM) {
            throw new IllegalArgumentException("discovery message of " + body.length + " bytes is too large");
        }
        return body;
    }
}
