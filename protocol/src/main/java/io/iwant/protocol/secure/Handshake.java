package io.iwant.protocol.secure;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;

/**
 * The key schedule of a channel's handshake, shared by both sides. With e the ephemeral and s the static (peer) key
 * of client c and server s, and psk a key derived from the network key:
 * <pre>
 *   transcript = SHA-256(HELLO || WELCOME without its tag)
 *   prk        = HMAC(psk, X25519(ec, es) || X25519(sc, es) || X25519(ec, ss))
 *   c2s || s2c || confirm = HKDF-Expand(prk, "iwant tcp v1" || transcript, 96)
 * </pre>
 * Only someone holding the network key and the ephemeral and static private keys of one side can compute these, so
 * the server's WELCOME tag (under {@code confirm}) proves the server, and the client's first sealed message proves
 * the client; the ephemerals make every session's keys fresh and a recorded session undecryptable later.
 */
final class Handshake {
    private static final byte[] INFO = "iwant tcp v1".getBytes(StandardCharsets.US_ASCII);

    record Keys(byte[] clientToServer, byte[] serverToClient, byte[] confirm) {
    }

    private Handshake() {
    }

    static byte[] psk(NetworkKey key) {
        return key.derive("tcp psk", 32);
    }

    static byte[] helloKey(NetworkKey key) {
        return key.derive("tcp hello", 32);
    }

    static Keys keys(byte[] psk, byte[] dh1, byte[] dh2, byte[] dh3, byte[] hello, byte[] welcome) {
        byte[] transcript = Hkdf.sha256(hello, Arrays.copyOf(welcome, Frames.HANDSHAKE_LENGTH - Frames.TAG));
        byte[] ikm = new byte[96];
        System.arraycopy(dh1, 0, ikm, 0, 32);
        System.arraycopy(dh2, 0, ikm, 32, 32);
        System.arraycopy(dh3, 0, ikm, 64, 32);
        byte[] info = new byte[INFO.length + transcript.length];
        System.arraycopy(INFO, 0, info, 0, INFO.length);
        System.arraycopy(transcript, 0, info, INFO.length, transcript.length);
        byte[] okm = Hkdf.expand(Hkdf.hmac(psk, ikm), info, 96);
        Arrays.fill(ikm, (byte) 0);
        return new Keys(Arrays.copyOfRange(okm, 0, 32), Arrays.copyOfRange(okm, 32, 64),
                Arrays.copyOfRange(okm, 64, 96));
    }

    /** The tag of a handshake frame: HMAC-SHA-256 under {@code key} of everything before the tag, cut to 16. */
    static byte[] tag(byte[] key, byte[] frame) {
        return Arrays.copyOf(Hkdf.hmac(key, Arrays.copyOf(frame, Frames.HANDSHAKE_LENGTH - Frames.TAG)), Frames.TAG);
    }

    static boolean tagged(byte[] key, byte[] frame) {
        return frame.length == Frames.HANDSHAKE_LENGTH && Hkdf.same(tag(key, frame),
                Arrays.copyOfRange(frame, Frames.HANDSHAKE_LENGTH - Frames.TAG, Frames.HANDSHAKE_LENGTH));
    }

    /** Writes magic, type, session id and the two keys; the tag is left to fill. */
    static byte[] frame(byte type, byte[] sessionId, byte[] ephemeral, byte[] staticKey) {
        byte[] frame = new byte[Frames.HANDSHAKE_LENGTH];
        Frames.header(frame, type);
        System.arraycopy(sessionId, 0, frame, Frames.SESSION_AT, Frames.SESSION_ID);
        System.arraycopy(ephemeral, 0, frame, Frames.SESSION_AT + Frames.SESSION_ID, Frames.KEY);
        System.arraycopy(staticKey, 0, frame, Frames.SESSION_AT + Frames.SESSION_ID + Frames.KEY, Frames.KEY);
        return frame;
    }

    static byte[] ephemeral(byte[] frame) {
        int at = Frames.SESSION_AT + Frames.SESSION_ID;
        return Arrays.copyOfRange(frame, at, at + Frames.KEY);
    }

    static byte[] staticKey(byte[] frame) {
        int at = Frames.SESSION_AT + Frames.SESSION_ID + Frames.KEY;
        return Arrays.copyOfRange(frame, at, at + Frames.KEY);
    }

    static void sign(byte[] key, byte[] frame) {
        System.arraycopy(tag(key, frame), 0, frame, Frames.HANDSHAKE_LENGTH - Frames.TAG, Frames.TAG);
    }

    /** For the log: why a handshake failed, without any key. */
    static String why(GeneralSecurityException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
