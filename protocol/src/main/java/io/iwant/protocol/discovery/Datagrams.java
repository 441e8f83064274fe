package io.iwant.protocol.discovery;

import io.iwant.protocol.secure.DatagramSeal;
import io.iwant.protocol.wire.Codec;
import io.iwant.protocol.wire.ProtocolException;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The datagram formats of discovery, {@link #MAX_DATAGRAM} bytes at most, both starting with four magic bytes
 * {@code IWNT} and one version byte:
 * <ul>
 * <li>version {@link #VERSION} (an open network): then one Kryo-encoded {@link DiscoveryMessage};</li>
 * <li>version {@link #PRIVATE_VERSION} (a private network): then the sender's address (the IPv4 address and
 *     port its datagrams leave from, 6 bytes), the recipient (8 bytes, big-endian: the incarnation of the one peer
 *     it is meant for, or {@link #EVERYONE}), then what {@link DatagramSeal#seal} appends: the key id (4 bytes),
 *     the sender's counter (8 bytes, big-endian), the Kryo-encoded message and a 16-byte tag over everything before
 *     it, from the magic on.</li>
 * </ul>
 * The magic keeps foreign traffic on the same port from ever reaching Kryo; the version tells the formats apart
 * before anything else is read, so that each kind of network drops the other's datagrams cheaply. The sender's
 * address and the recipient bind a private datagram to its path: resent by someone else from another address, or
 * to another peer, it is worthless.
 */
public final class Datagrams {
    /** Upper bound for one discovery datagram, in bytes; anything longer is rejected unread. */
    public static final int MAX_DATAGRAM = 512;
    /** The format of an open network. */
    public static final byte VERSION = 1;
    /** The format of a private network: sealed with the network's key. */
    public static final byte PRIVATE_VERSION = 2;
    /** The recipient of a private datagram meant for every peer that hears it. */
    public static final long EVERYONE = 0;

    private static final byte[] MAGIC = {'I', 'W', 'N', 'T'};
    private static final int HEADER = MAGIC.length + 1;
    /** The sender's IPv4 address and port. */
    private static final int ADDRESS = 6;
    /** Magic, version, sender and recipient. */
    private static final int PRIVATE_HEADER = HEADER + ADDRESS + Long.BYTES;
    /** Bytes a private datagram adds to the message, in all. */
    public static final int PRIVATE_OVERHEAD = PRIVATE_HEADER + DatagramSeal.OVERHEAD;

    /**
     * A private datagram, opened: the verdict on its key id and tag; for {@link DatagramSeal.Verdict#OK} the address
     * it says it was sent from, its recipient, the sender's counter and the message. A datagram whose tag is right
     * but whose body is not a message is {@link DatagramSeal.Verdict#MALFORMED}.
     */
    public record Opened(DatagramSeal.Verdict verdict, InetSocketAddress sender, long recipient, long counter,
                         DiscoveryMessage message) {
        static Opened failed(DatagramSeal.Verdict verdict) {
            return new Opened(verdict, null, EVERYONE, -1, null);
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

    /**
     * Encodes one message into the datagram of a private network, sealed by {@code seal} with {@code counter}, sent
     * from {@code sender} (an IPv4 address and port) for the peer whose incarnation is {@code recipient} or for
     * {@link #EVERYONE}.
     */
    public static byte[] seal(DiscoveryMessage message, DatagramSeal seal, long counter, InetSocketAddress sender,
                              long recipient) {
        if (!(sender.getAddress() instanceof Inet4Address address)) {
            throw new IllegalArgumentException("a private datagram is sent from an IPv4 address: " + sender);
        }
        byte[] header = ByteBuffer.allocate(PRIVATE_HEADER).put(MAGIC).put(PRIVATE_VERSION)
                .put(address.getAddress()).putShort((short) sender.getPort()).putLong(recipient).array();
        return seal.seal(header, counter, body(message, PRIVATE_OVERHEAD));
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
        DatagramSeal.Opened opened = seal.open(buffer, PRIVATE_HEADER, length);
        if (opened.verdict() != DatagramSeal.Verdict.OK) {
            return Opened.failed(opened.verdict());
        }
        ByteBuffer header = ByteBuffer.wrap(buffer, HEADER, ADDRESS + Long.BYTES);
        byte[] ip = new byte[4];
        header.get(ip);
        InetSocketAddress sender = new InetSocketAddress(ipv4(ip), header.getShort() & 0xffff);
        long recipient = header.getLong();
        try {
            return new Opened(DatagramSeal.Verdict.OK, sender, recipient, opened.counter(),
                    Codec.decode(opened.body(), DiscoveryMessage.class));
        } catch (ProtocolException e) {
            return Opened.failed(DatagramSeal.Verdict.MALFORMED);
        }
    }

    private static InetAddress ipv4(byte[] ip) {
        try {
            return InetAddress.getByAddress(ip);
        } catch (UnknownHostException e) {
            throw new AssertionError("four bytes are always an IPv4 address", e);
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
