package io.iwant.protocol.secure;

import io.iwant.protocol.text.TerminalText;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The frames of a private network's peer-to-peer channel. Every first frame of a message starts with the magic
 * {@code IWS1} and a type byte:
 * <pre>
 *   HELLO    client: sessionId(16) clientEphemeral(32) clientStatic(32) tag(16)    tag = HMAC(helloKey, all before)
 *   WELCOME  server: sessionId(16) serverEphemeral(32) serverStatic(32) tag(16)    tag = HMAC(confirmKey, transcript)
 *   SEALED   either: sessionId(16) counter(8) flags(1) AES-GCM(message)            AAD = all before the ciphertext
 *            then, if flags has DATA, a second frame: AES-GCM(data) under counter + 1
 *   UNKNOWN  server: sessionId(16)          "I hold no keys for this session: handshake again"
 *   REFUSED  server: reason (UTF-8, at most 200 bytes)
 * </pre>
 * UNKNOWN and REFUSED are not authenticated; a client treats them only as reasons to give up or start over, never
 * as content.
 */
public final class Frames {
    static final byte[] MAGIC = {'I', 'W', 'S', '1'};
    public static final byte HELLO = 1;
    public static final byte WELCOME = 2;
    public static final byte SEALED = 3;
    public static final byte UNKNOWN = 4;
    public static final byte REFUSED = 5;

    static final int SESSION_ID = 16;
    static final int TAG = 16;
    static final int KEY = X25519.KEY_BYTES;
    static final int TYPE_AT = MAGIC.length;
    static final int SESSION_AT = TYPE_AT + 1;
    /** HELLO and WELCOME have the same length. */
    static final int HANDSHAKE_LENGTH = SESSION_AT + SESSION_ID + KEY + KEY + TAG;
    static final int SEALED_HEADER = SESSION_AT + SESSION_ID + 8 + 1;
    static final int GCM_TAG = 16;
    /** Bytes sealing adds to a message (its first frame). */
    public static final int OVERHEAD = SEALED_HEADER + GCM_TAG;
    /** Bytes sealing adds to a data frame. */
    public static final int DATA_OVERHEAD = GCM_TAG;
    static final int MAX_REASON = 200;
    static final byte FLAG_DATA = 1;

    private Frames() {
    }

    /** The type of a first frame of this channel, or 0 if it is not one (a plain message, or garbage). */
    public static byte type(byte[] frame) {
        if (frame == null || frame.length < SESSION_AT || !Arrays.equals(frame, 0, MAGIC.length, MAGIC, 0,
                MAGIC.length)) {
            return 0;
        }
        byte type = frame[TYPE_AT];
        return type >= HELLO && type <= REFUSED ? type : 0;
    }

    static byte[] sessionId(byte[] frame) {
        return Arrays.copyOfRange(frame, SESSION_AT, SESSION_AT + SESSION_ID);
    }

    static byte[] unknown(byte[] sessionId) {
        byte[] frame = new byte[SESSION_AT + SESSION_ID];
        header(frame, UNKNOWN);
        System.arraycopy(sessionId, 0, frame, SESSION_AT, SESSION_ID);
        return frame;
    }

    /** A refusal with a reason, cut to {@value #MAX_REASON} bytes. */
    public static byte[] refused(String reason) {
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        int length = Math.min(text.length, MAX_REASON);
        byte[] frame = new byte[SESSION_AT + length];
        header(frame, REFUSED);
        System.arraycopy(text, 0, frame, SESSION_AT, length);
        return frame;
    }

    /** The reason of a REFUSED frame, made printable (it is a stranger's text). */
    static String reason(byte[] frame) {
        return TerminalText.clean(new String(frame, SESSION_AT, Math.min(frame.length - SESSION_AT, MAX_REASON),
                StandardCharsets.UTF_8));
    }

    static void header(byte[] frame, byte type) {
        System.arraycopy(MAGIC, 0, frame, 0, MAGIC.length);
        frame[TYPE_AT] = type;
    }
}
