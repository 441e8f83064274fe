package io.iwant.daemon.peer;

import io.iwant.protocol.peer.PeerMessage;
import io.iwant.protocol.secure.ClientChannel;
import io.iwant.protocol.secure.Frames;
import io.iwant.protocol.secure.NetworkKey;
import io.iwant.protocol.secure.SecureException;
import io.iwant.protocol.secure.Session;
import io.iwant.protocol.wire.Codec;
import io.iwant.protocol.wire.Limits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * One DEALER to another peer's ROUTER, as its owner thread sends and receives on it: in an open network the frames
 * go as they are; in a private one ({@link PeerContext}) the first send makes a handshake, messages wait for its
 * answer and then go sealed, and replies are opened before anyone reads them. What the channel cannot deliver as the
 * peer meant it (the peer refused the handshake, answered in the clear, failed authentication, forgot the session)
 * comes out as a {@link PeerMessage.Refused} in this peer's own words, which every caller already handles. Nothing
 * from a private network's peer is ever read unless it opened under the session's key.
 */
public final class Channel {
    private static final Logger log = LoggerFactory.getLogger(Channel.class);
    /** Messages that may wait for a handshake; more are refused (the caller's window is far smaller). */
    static final int MAX_WAITING = 1024;
    /**
     * A HELLO unanswered for this long is sent again, with a new session, at the next send: JeroMQ 0.6.0 now and
     * then loses a new connection's first message (about 1 in 150 on loopback, open networks alike), and a lost
     * HELLO must not leave the messages waiting behind it for good.
     */
    static final long HELLO_RETRY_NANOS = 1_000_000_000L;

    /** A message received: its first frame, its data frame (null if none) and whether frames followed those. */
    public record Received(byte[] head, ByteBuffer data, boolean extraFrames) {
    }

    private final ZMQ.Socket socket;
    private final ClientChannel secure;
    private final String peer;
    private final ArrayDeque<byte[]> waiting = new ArrayDeque<>();
    private long helloAt;

    private Channel(ZMQ.Socket socket, ClientChannel secure, String peer) {
        this.socket = socket;
        this.secure = secure;
        this.peer = peer;
    }

    /**
     * A new DEALER from {@code context}, not connected yet (the caller sets its options and connects it), wrapped in
     * the channel its context calls for.
     *
     * @param peer how the other side is named in refusals ("peer 1a2b3c (10.0.0.2:7378)")
     */
    public static Channel dealer(ZContext context, String peer) {
        ZMQ.Socket socket = context.createSocket(SocketType.DEALER);
        socket.setMaxMsgSize(PeerMessage.MAX_FRAME + Frames.OVERHEAD);
        NetworkKey network = PeerContext.network(context);
        return new Channel(socket, network == null ? null : new ClientChannel(network, PeerContext.own(context)),
                peer);
    }

    /** The socket, to set options, connect, poll and close; never to send or receive on directly. */
    public ZMQ.Socket socket() {
        return socket;
    }

    /** True if this channel seals its messages. */
    public boolean sealed() {
        return secure != null;
    }

    /**
     * Sends one single-frame message; false if the socket would not take it (see {@link ZMQ.Socket#send}). In a
     * private network before the handshake is answered the message waits (true), and goes out sealed once it is.
     */
    public boolean send(byte[] message, int flags) {
        if (secure == null) {
            return socket.send(message, flags);
        }
        Session session = secure.session();
        if (session != null) {
            return socket.send(session.seal(message, null).head(), flags);
        }
        if (waiting.size() >= MAX_WAITING) {
            return false;
        }
        long now = System.nanoTime();
        if (!secure.awaitingWelcome() || now - helloAt > HELLO_RETRY_NANOS) {
            if (!socket.send(secure.hello(), flags)) {
                return false;
            }
            helloAt = now;
        }
        waiting.add(message);
        return true;
    }

    /**
     * Receives the next message as {@link ZMQ.Socket#recv(int)} would (null when none comes within the socket's
     * receive timeout, or at once with {@link ZMQ#DONTWAIT}), opened; the channel's own frames are handled on the way.
     */
    public Received recv(int flags) {
        while (true) {
            byte[] head = socket.recv(flags);
            if (head == null) {
                return null;
            }
            ByteBuffer data = socket.hasReceiveMore() ? socket.recvMsg(0).buf() : null;
            boolean extra = false;
            while (socket.hasReceiveMore()) {
                socket.recv(0);
                extra = true;
            }
            if (secure == null) {
                return new Received(head, data, extra);
            }
            Received received = open(head, data, extra);
            if (received != null) {
                return received;
            }
        }
    }

    /** A private network's message opened, a refusal in our words, or null for a handshake frame handled here. */
    private Received open(byte[] head, ByteBuffer data, boolean extra) {
        switch (Frames.type(head)) {
            case Frames.SEALED -> {
                Session session = secure.session();
                if (session == null) {
                    return null; // an answer on a session given up since: nothing to read it with
                }
                try {
                    Session.Opened opened = session.open(head, extra ? null : data);
                    return new Received(opened.message(), opened.data(), extra);
                } catch (SecureException e) {
                    log.debug("{}: {}", peer, e.getMessage());
                    secure.reset(); // the next send makes a new session
                    waiting.clear();
                    return refusal(peer + " sent " + e.getMessage(), data, extra, false);
                }
            }
            case Frames.WELCOME -> {
                if (!secure.awaitingWelcome() || !secure.current(head)) {
                    return null;
                }
                try {
                    secure.welcome(head);
                } catch (SecureException e) {
                    waiting.clear();
                    return refusal(peer + " is not a member of this private network: it sent " + e.getMessage(),
                            data, extra, false);
                }
                while (!waiting.isEmpty()) {
                    socket.send(secure.session().seal(waiting.poll(), null).head(), ZMQ.DONTWAIT);
                }
                return null;
            }
            case Frames.UNKNOWN -> {
                if (!secure.current(head)) {
                    return null;
                }
                waiting.clear();
                secure.reset();
                return refusal(peer + " no longer knows this connection's keys (it restarted?)", data, extra, true);
            }
            case Frames.REFUSED -> {
                waiting.clear();
                return refusal(peer + " refused this peer: " + ClientChannel.reason(head), data, extra, false);
            }
            default -> {
                waiting.clear();
                return refusal(peer + " is not in this private network (it answered in the clear)", data, extra,
                        false);
            }
        }
    }

    private static Received refusal(String reason, ByteBuffer data, boolean extra, boolean retry) {
        String bounded = reason.length() > Limits.MAX_REASON ? reason.substring(0, Limits.MAX_REASON - 1) + "…" : reason;
        return new Received(Codec.encode(new PeerMessage.Refused(bounded, retry)), data, extra);
    }
}
