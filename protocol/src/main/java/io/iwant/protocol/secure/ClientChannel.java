package io.iwant.protocol.secure;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * The client side of one connection's channel in a private network (one per DEALER, used by the thread that owns
 * it): {@link #hello()} starts a session, {@link #welcome} finishes it, then {@link #session()} seals and opens.
 * Pure: it makes and checks frames, the caller moves them.
 */
public final class ClientChannel {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final NetworkKey network;
    private final PeerKey own;
    private final byte[] psk;
    private final byte[] helloKey;
    private byte[] hello;
    private KeyPair ephemeral;
    private Session session;

    public ClientChannel(NetworkKey network, PeerKey own) {
        this.network = network;
        this.own = own;
        this.psk = Handshake.psk(network);
        this.helloKey = Handshake.helloKey(network);
    }

    /** A new HELLO, forgetting any session before it. */
    public byte[] hello() {
        byte[] sessionId = new byte[Frames.SESSION_ID];
        RANDOM.nextBytes(sessionId);
        ephemeral = X25519.generate();
        session = null;
        hello = Handshake.frame(Frames.HELLO, sessionId, X25519.publicBytes(ephemeral.getPublic()),
                own.publicBytes());
        Handshake.sign(helloKey, hello);
        return hello.clone();
    }

    /** Forgets the session and any HELLO in flight: the next message starts with a new {@link #hello()}. */
    public void reset() {
        hello = null;
        ephemeral = null;
        session = null;
    }

    /** True once a HELLO went out and no WELCOME has been accepted for it yet. */
    public boolean awaitingWelcome() {
        return hello != null && session == null;
    }

    /** The established session, null before a WELCOME is accepted. */
    public Session session() {
        return session;
    }

    /** True if {@code frame} (UNKNOWN or WELCOME) names the session this channel is making or has. */
    public boolean current(byte[] frame) {
        return hello != null && frame.length >= Frames.SESSION_AT + Frames.SESSION_ID
                && Arrays.equals(frame, Frames.SESSION_AT, Frames.SESSION_AT + Frames.SESSION_ID, hello,
                Frames.SESSION_AT, Frames.SESSION_AT + Frames.SESSION_ID);
    }

    /**
     * Accepts the server's WELCOME to the last HELLO: the session's keys are derived and the server is proven to hold
     * the network key and the static key it names.
     *
     * @throws SecureException if it is not a WELCOME to the HELLO in flight or fails authentication
     */
    public Session welcome(byte[] frame) throws SecureException {
        if (!awaitingWelcome() || Frames.type(frame) != Frames.WELCOME || frame.length != Frames.HANDSHAKE_LENGTH
                || !current(frame)) {
            throw new SecureException("a handshake answer to no handshake of this connection");
        }
        byte[] serverEphemeral = Handshake.ephemeral(frame);
        byte[] serverStatic = Handshake.staticKey(frame);
        Handshake.Keys keys;
        try {
            keys = Handshake.keys(psk, X25519.agree(ephemeral.getPrivate(), serverEphemeral),
                    X25519.agree(own.pair().getPrivate(), serverEphemeral),
                    X25519.agree(ephemeral.getPrivate(), serverStatic), hello, frame);
        } catch (GeneralSecurityException e) {
            throw new SecureException("a handshake answer with a bad key (" + Handshake.why(e) + ")");
        }
        if (!Handshake.tagged(keys.confirm(), frame)) {
            throw new SecureException("a handshake answer that fails authentication (the peer's network key "
                    + "differs from this peer's)");
        }
        ephemeral = null;
        session = new Session(Frames.sessionId(frame), keys.clientToServer(), keys.serverToClient(), serverStatic);
        return session;
    }

    /** Seals a message on the established session. */
    public Session.Sealed seal(byte[] message, ByteBuffer data) {
        if (session == null) {
            throw new IllegalStateException("no session yet");
        }
        return session.seal(message, data);
    }

    /** The printable reason of a REFUSED frame. */
    public static String reason(byte[] frame) {
        return Frames.reason(frame);
    }

    @Override
    public String toString() {
        return "client channel in " + network;
    }
}
