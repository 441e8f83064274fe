package io.iwant.daemon.peer;

import io.iwant.protocol.peer.PeerMessage;
import io.iwant.protocol.wire.Codec;
import io.iwant.protocol.wire.ProtocolException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One question to several peers at once: a DEALER per peer ({@link PeerCall#dealer}), all created, used and closed
 * by the calling thread. A DEALER takes a message only once its connection is made (JeroMQ queues nothing for a
 * peer that refuses or is not there yet), so nothing here blocks on a send: the question goes to each peer as soon
 * as its socket can take it. {@link #send} does that for {@value #SEND_WAIT_MILLIS} ms and returns, so the caller can
 * do its own part meanwhile; {@link #collect} sends to the latecomers and gathers the replies that arrive before a
 * deadline. A peer that cannot be reached, does not answer in time or answers garbage is missing from the replies.
 */
public final class FanOut implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FanOut.class);
    /** How long {@link #send} waits for connections: far more than a LAN needs. */
    static final long SEND_WAIT_MILLIS = 50;

    private final ZContext context;
    private final byte[] frame;
    private final List<String> endpoints = new ArrayList<>();
    private final List<Channel> sockets = new ArrayList<>();
    private final Map<String, PeerMessage> replies = new LinkedHashMap<>();
    private boolean[] sent;
    private boolean[] done;

    private FanOut(ZContext context, byte[] frame) {
        this.context = context;
        this.frame = frame;
    }

    /**
     * Connects to every endpoint ("host:port") and sends {@code question} to those that connect within
     * {@value #SEND_WAIT_MILLIS} ms; {@code timeout} bounds each socket's own sends and receives.
     */
    public static FanOut send(ZContext context, List<String> endpoints, PeerMessage question, Duration timeout) {
        FanOut fanOut = new FanOut(context, Codec.encode(question));
        for (String endpoint : endpoints) {
            try {
                fanOut.sockets.add(PeerCall.dealer(context, endpoint, timeout));
                fanOut.endpoints.add(endpoint);
            } catch (RuntimeException e) {
                log.debug("cannot ask {}: {}", endpoint, e.toString());
            }
        }
        fanOut.sent = new boolean[fanOut.sockets.size()];
        fanOut.done = new boolean[fanOut.sockets.size()];
        fanOut.pump(System.nanoTime() + SEND_WAIT_MILLIS * 1_000_000, true);
        return fanOut;
    }

    /**
     * The replies that arrive until {@code deadlineNanos} ({@link System#nanoTime}), or until every peer asked has
     * answered, by endpoint, in the order they came. A reply that cannot be read is left out.
     */
    public Map<String, PeerMessage> collect(long deadlineNanos) {
        pump(deadlineNanos, false);
        return new LinkedHashMap<>(replies);
    }

    /**
     * Sends to the sockets that can take the question and reads the replies that came, until {@code deadlineNanos},
     * or until every socket has answered (or, with {@code untilSent}, has been sent the question).
     */
    private void pump(long deadlineNanos, boolean untilSent) {
        long left;
        while (waiting(untilSent) && (left = deadlineNanos - System.nanoTime()) > 0) {
            ZMQ.Poller poller = context.createPoller(sockets.size());
            try {
                int[] slot = new int[sockets.size()];
                for (int i = 0; i < sockets.size(); i++) {
                    slot[i] = done[i] ? -1 : poller.register(sockets.get(i).socket(),
                            sent[i] ? ZMQ.Poller.POLLIN : ZMQ.Poller.POLLOUT);
                }
                poller.poll(Math.max(1, left / 1_000_000));
                for (int i = 0; i < sockets.size(); i++) {
                    if (slot[i] < 0) {
                        continue;
                    }
                    if (!sent[i] && poller.pollout(slot[i])) {
                        sent[i] = sockets.get(i).send(frame, ZMQ.DONTWAIT);
                    } else if (sent[i] && poller.pollin(slot[i])) {
                        receive(i);
                    }
                }
            } finally {
                poller.close();
            }
        }
    }

    private boolean waiting(boolean untilSent) {
        for (int i = 0; i < sockets.size(); i++) {
            if (untilSent ? !sent[i] : !done[i]) {
                return true;
            }
        }
        return false;
    }

    private void receive(int i) {
        Channel.Received reply = sockets.get(i).recv(ZMQ.DONTWAIT);
        if (reply == null) {
            return;
        }
        done[i] = true;
        try {
            replies.put(endpoints.get(i), Codec.decode(reply.head(), PeerMessage.class));
        } catch (ProtocolException e) {
            log.debug("an unreadable reply from {}: {}", endpoints.get(i), e.getMessage());
        }
    }

    @Override
    public void close() {
        for (Channel channel : sockets) {
            context.destroySocket(channel.socket());
        }
        sockets.clear();
    }
}
