package io.iwant.daemon.peer;

import io.iwant.protocol.UserError;
import io.iwant.protocol.peer.PeerMessage;
import io.iwant.protocol.wire.Codec;
import io.iwant.protocol.wire.ProtocolException;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import java.time.Duration;

/**
 * One request and its reply to another peer's ROUTER, on a DEALER created, used and closed by the calling thread.
 * For occasional requests (a search or lookup forwarded to the leader); transfers keep their own sockets.
 */
public final class PeerCall {
    /**
     * JeroMQ 0.6.0 now and then leaves a new connection's greeting unread (about 1 in 300 on loopback), and a
     * request on it is never answered; with a handshake deadline the connection is dropped and made again.
     */
    public static final int HANDSHAKE_MILLIS = 1500;

    /**
     * A request unanswered for this long is sent again on the same socket. JeroMQ 0.6.0 now and then loses the first
     * message on a new connection although both sides finished the handshake (measured: 4 in 1,000 between two
     * contexts on loopback, none within one), so without this one search in a few hundred waited the whole timeout.
     * Every request sent this way is a question (ping, search, lookup, metadata), so asking twice is harmless.
     */
    public static final int RESEND_MILLIS = 1000;

    private PeerCall() {
    }

    /**
     * A DEALER connected to {@code endpoint} ("host:port") for a request or two: replies up to the frame limit,
     * messages queued before the connection is made, and sends and receives that give up after {@code timeout}.
     */
    static Channel dealer(ZContext context, String endpoint, Duration timeout) {
        Channel channel = Channel.dealer(context, "the peer at " + endpoint);
        ZMQ.Socket dealer = channel.socket();
        try {
            dealer.setLinger(0);
            dealer.setImmediate(false);
            dealer.setHandshakeIvl(HANDSHAKE_MILLIS);
            int millis = (int) Math.max(1, timeout.toMillis());
            dealer.setReceiveTimeOut(millis);
            dealer.setSendTimeOut(millis); // a DEALER whose peer is gone blocks on send
            dealer.connect("tcp://" + endpoint);
            return channel;
        } catch (RuntimeException e) {
            context.destroySocket(dealer);
            throw e;
        }
    }

    /**
     * Sends {@code request} to {@code endpoint} ("host:port") and waits for the reply.
     *
     * @throws UserError (exit 1) when the peer does not answer in time or answers garbage
     */
    public static PeerMessage request(ZContext context, String endpoint, PeerMessage request, Duration timeout,
                                      String peerDescription) {
        Channel channel = dealer(context, endpoint, timeout);
        try {
            byte[] encoded = Codec.encode(request);
            if (!channel.send(encoded, 0)) {
                throw UserError.failed(peerDescription + " cannot be reached");
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            Channel.Received reply;
            while (true) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    throw UserError.failed(peerDescription + " did not answer within " + timeout.toMillis() + " ms");
                }
                channel.socket().setReceiveTimeOut((int) Math.max(1, Math.min(left, RESEND_MILLIS)));
                reply = channel.recv(0);
                if (reply != null) {
                    break;
                }
                channel.send(encoded, ZMQ.DONTWAIT); // asked again: see RESEND_MILLIS
            }
            return Codec.decode(reply.head(), PeerMessage.class);
        } catch (ProtocolException e) {
            throw new UserError(UserError.FAILED, peerDescription + " sent an unreadable answer: " + e.getMessage(), e);
        } finally {
            context.destroySocket(channel.socket());
        }
    }
}
