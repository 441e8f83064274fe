package io.iwant.protocol.secure;

import io.iwant.protocol.hash.Hex;
import io.iwant.protocol.peer.PeerMessage;
import io.iwant.protocol.wire.Codec;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The server side of every channel of a private network, for the one thread that owns the peer socket. Sessions
 * are known by their id, not by the connection, so a client whose DEALER reconnects goes on with the same keys;
 * replies go out on the session the client's last request came in on. Everything is bounded: at most
 * {@code maxSessions} sessions (the least recently used is forgotten; its client is told UNKNOWN and makes a new
 * one), and the HELLOs already answered are remembered so that a replayed HELLO costs a lookup, not three key
 * agreements.
 */
public final class ServerChannels {
    /** What to do with one incoming message. */
    public sealed interface Incoming permits Answer, Request, Drop {
    }

    /** Send {@code frame} back (a handshake answer or a plain refusal); nothing is served. */
    public record Answer(byte[] frame, String why) implements Incoming {
    }

    /** A request that came in sealed and opened: serve it. */
    public record Request(byte[] message) implements Incoming {
    }

    /** Drop it silently ({@code why} is for a debug log line). */
    public record Drop(String why) implements Incoming {
    }

    /** The refusal an open-network client gets: plain, so that it can read it. */
    static final String NOT_A_MEMBER = "this peer is in a private network and serves only peers with its network key";

    private final NetworkKey network;
    private final PeerKey own;
    private final byte[] psk;
    private final byte[] helloKey;
    private final int maxSessions;
    private final Map<String, Session> sessions;
    private final Map<String, String> byClient;
    private final Map<String, Boolean> answered;

    public ServerChannels(NetworkKey network, PeerKey own, int maxSessions) {
        this.network = network;
        this.own = own;
        this.psk = Handshake.psk(network);
        this.helloKey = Handshake.helloKey(network);
        this.maxSessions = maxSessions;
        this.sessions = bounded(maxSessions);
        this.byClient = bounded(maxSessions);
        this.answered = bounded(4 * maxSessions);
    }

    private static <V> Map<String, V> bounded(int max) {
        return new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > max;
            }
        };
    }

    /**
     * Classifies one message that came in from connection {@code client}: its first frame {@code head}, and whether
     * more frames followed (requests have one).
     */
    public Incoming receive(String client, byte[] head, boolean moreFrames) {
        byte type = Frames.type(head);
        if (type == 0) {
            return new Answer(Codec.encode(new PeerMessage.Refused(NOT_A_MEMBER, false)),
                    "a plain message: an open-network peer, or garbage");
        }
        if (moreFrames) {
            return new Drop("a request of more than one frame");
        }
        if (type == Frames.HELLO) {
            return hello(head);
        }
        if (type != Frames.SEALED) {
            return new Drop("a frame only a server sends");
        }
        if (head.length < Frames.OVERHEAD) {
            return new Drop("a sealed frame too short");
        }
        String id = Hex.encode(head, Frames.SESSION_AT, Frames.SESSION_ID);
        Session session = sessions.get(id);
        if (session == null) {
            return new Answer(Frames.unknown(Frames.sessionId(head)), "a session this peer holds no keys for");
        }
        try {
            Session.Opened opened = session.open(head, null);
            byClient.put(client, id);
            return new Request(opened.message());
        } catch (SecureException e) {
            return new Drop(e.getMessage());
        }
    }

    private Incoming hello(byte[] frame) {
        if (frame.length != Frames.HANDSHAKE_LENGTH || !Handshake.tagged(helloKey, frame)) {
            return new Answer(Frames.refused("this peer is in another private network: the network keys differ"),
                    "a handshake without this network's key");
        }
        String id = Hex.encode(frame, Frames.SESSION_AT, Frames.SESSION_ID);
        if (answered.put(id, Boolean.TRUE) != null) {
            return new Drop("a handshake answered before (replayed)");
        }
        KeyPair ephemeral = X25519.generate();
        byte[] welcome = Handshake.frame(Frames.WELCOME, Frames.sessionId(frame),
                X25519.publicBytes(ephemeral.getPublic()), own.publicBytes());
        byte[] clientEphemeral = Handshake.ephemeral(frame);
        byte[] clientStatic = Handshake.staticKey(frame);
        Handshake.Keys keys;
        try {
            keys = Handshake.keys(psk, X25519.agree(ephemeral.getPrivate(), clientEphemeral),
                    X25519.agree(ephemeral.getPrivate(), clientStatic),
                    X25519.agree(own.pair().getPrivate(), clientEphemeral), frame, welcome);
        } catch (GeneralSecurityException e) {
            return new Drop("a handshake with a bad key (" + Handshake.why(e) + ")");
        }
        Handshake.sign(keys.confirm(), welcome);
        sessions.put(id, new Session(Frames.sessionId(frame), keys.serverToClient(), keys.clientToServer(),
                clientStatic));
        return new Answer(welcome, "a new session");
    }

    /**
     * Seals a reply to {@code client} on the session its last request came in on; null if there is none any more
     * (then nothing may be sent: a reply never goes out in the clear).
     */
    public Session.Sealed seal(String client, byte[] message, ByteBuffer data) {
        String id = byClient.get(client);
        Session session = id == null ? null : sessions.get(id);
        return session == null ? null : session.seal(message, data);
    }

    /** The static key of the peer behind {@code client}'s session, null if none. */
    public byte[] peerKey(String client) {
        String id = byClient.get(client);
        Session session = id == null ? null : sessions.get(id);
        return session == null ? null : session.remoteStatic();
    }

    /** How many sessions are held (at most the bound given). */
    public int sessions() {
        return sessions.size();
    }

    public int maxSessions() {
        return maxSessions;
    }

    @Override
    public String toString() {
        return "server channels in " + network + " as " + own;
    }
}
