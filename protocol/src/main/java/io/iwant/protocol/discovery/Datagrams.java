package io.iwant.protocol.discovery;

import io.iwant.protocol.wire.Codec;
import io.iwant.protocol.wire.ProtocolException;

import java.util.Arrays;

/**
 * The datagram format of discovery: four magic bytes {@code IWNT}, one version byte, then one Kryo-encoded
 * {@link DiscoveryMessage}; {@link #MAX_DATAGRAM} bytes at most. The magic keeps foreign traffic on the same port
 * from ever reaching Kryo; the version lets a later format be told apart.
 */
public final class Datagrams {
    /** Upper bound for one discovery datagram, in bytes; anything longer is rejected unread. */
    public static final int MAX_DATAGRAM = 512;
    /** The format version written by this code. */
    public static final byte VERSION = 1;

    private static final byte[] MAGIC = {'I', 'W', 'N', 'T'};
    private static final int HEADER = MAGIC.length + 1;

    private Datagrams() {
    }

    /** Encodes one message into a datagram payload. */
    public static byte[] encode(DiscoveryMessage message) {
        byte[] body = Codec.encode(message);
        if (HEADER + body.length > MAX_DATAGRAM) {
            throw new IllegalArgumentException("discovery message of " + body.length + " bytes is too large");
        }
        byte[] datagram = new byte[HEADER + body.length];
        System.arraycopy(MAGIC, 0, datagram, 0, MAGIC.length);
        datagram[MAGIC.length] = VERSION;
        System.arraycopy(body, 0, datagram, HEADER, body.length);
        return datagram;
    }

    /** Whether the first {@code length} bytes of {@code buffer} carry our magic and version at all. */
    public static boolean isOurs(byte[] buffer, int length) {
        return length >= HEADER && Arrays.equals(buffer, 0, MAGIC.length, MAGIC, 0, MAGIC.length)
                && buffer[MAGIC.length] == VERSION;
    }

    /**
     * Decodes the first {@code length} bytes of {@code buffer}.
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
}
