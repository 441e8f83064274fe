package io.iwant.daemon.peer;

import io.iwant.daemon.util.Health;
import io.iwant.daemon.util.WorkerThread;
import io.iwant.protocol.hash.Hex;
import io.iwant.protocol.peer.Endpoint;
import io.iwant.protocol.peer.PeerMessage;
import io.iwant.protocol.secure.Frames;
import io.iwant.protocol.secure.NetworkKey;
import io.iwant.protocol.secure.ServerChannels;
import io.iwant.protocol.secure.Session;
import io.iwant.protocol.wire.Codec;
import io.iwant.protocol.wire.ProtocolException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;
import zmq.Msg;
import zmq.io.Metadata;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The peer endpoint: one ROUTER on the daemon's TCP port, owned by one thread that creates it, receives requests,
 * hands them to handlers and sends their replies. Handlers run off that thread:
 * <ul>
 *   <li>{@link Lane#POOL}: a small worker pool, served fairly: one request per client in turn, and at most
 *   {@value #MAX_QUEUED_PER_CLIENT} waiting per client (more are refused with "busy"), so a greedy downloader
 *   cannot starve the others or make the queue grow without bound;</li>
 *   <li>{@link Lane#QUICK}: queued the same way, but run on the ROUTER thread while they stay quick (chunk
 *   reads from the page cache), else on the pool;</li>
 *   <li>{@link Lane#ORDERED}: one thread, in arrival order (index sync, whose deltas must apply in order).</li>
 * </ul>
 * Replies come back to the ROUTER thread through a queue and a wake-up pipe it polls beside the socket.
 */
public final class PeerServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PeerServer.class);
    static final int MAX_QUEUED_PER_CLIENT = 64;
    /** Bytes of requests that may wait, in all pool and quick queues together, and again in the ordered lane. */
    static final long MAX_QUEUED_BYTES = 32L << 20;
    /**
     * The largest request this peer reads. ZeroMQ allocates a frame's announced size as soon as it reads the
     * header, so this, not the frame limit, bounds what a connection that announces a frame and stalls can pin.
     */
    public static final int MAX_REQUEST = PeerMessage.MAX_REQUEST;
    /** ZMTP heartbeats: a connection that sends nothing for the timeout (a stalled frame) is closed. */
    static final int HEARTBEAT_MILLIS = 2_000;
    static final int HEARTBEAT_TIMEOUT_MILLIS = 6_000;
    /** A connection that has not finished its handshake by then is closed. */
    static final int HANDSHAKE_MILLIS = 5_000;

    /** Where a kind of request is handled. */
    public enum Lane {
        POOL,
        /**
         * Queued like {@link #POOL}, but run on the ROUTER thread itself while requests of this lane take under
         * {@value #QUICK_NANOS} ns on average (chunks read from the page cache), which spares two thread hand-offs
         * per request; when they get slower (a cold disk) they run on the pool until they are quick again.
         */
        QUICK,
        ORDERED
    }

    /** The mean run time below which {@link Lane#QUICK} requests run on the ROUTER thread. */
    static final long QUICK_NANOS = 1_000_000;

    /** Handles one request on a worker thread (or the ROUTER thread, for {@link Lane#QUICK}); the reply, or null. */
    @FunctionalInterface
    public interface Handler {
        Reply handle(String client, PeerMessage request) throws IOException;
    }

    /**
     * A {@link Handler} that is also told the IP address the request's connection comes from (null if the transport
     * did not say), for requests that must come from a known peer.
     */
    @FunctionalInterface
    public interface SourcedHandler {
        Reply handle(String client, InetAddress source, PeerMessage request) throws IOException;
    }

    /**
     * A reply: a message and, for chunks, the bytes as a frame of their own. If {@code lease} is set, the bytes are
     * in a buffer the handler wants back: ZeroMQ sends from the buffer itself, some time after the reply is handed
     * to it, and says nothing when it is done, so the buffer is given back only once the client acknowledges this
     * reply or a later one (see {@link PeerMessage#acknowledged()}), or abandoned to the garbage collector when the
     * client says nothing for {@value #LEASE_MILLIS} ms.
     */
    public record Reply(PeerMessage message, ByteBuffer data, Lease lease) {
        public Reply(PeerMessage message, ByteBuffer data) {
            this(message, data, null);
        }

        public static Reply of(PeerMessage message) {
            return new Reply(message, null, null);
        }
    }

    /** A buffer lent to ZeroMQ with a reply; see {@link Reply}. Called on the ROUTER thread. */
    public interface Lease {
        /** The key a client acknowledges the reply with. */
        String key();

        /** The client has the reply: the buffer may be used again. */
        void release();

        /** Nothing was heard: the buffer must not be used again (ZeroMQ may still hold it), only forgotten. */
        void abandon();

        static Lease of(String key, Runnable release, Runnable abandon) {
            record Simple(String key, Runnable onRelease, Runnable onAbandon) implements Lease {
                @Override
                public void release() {
                    onRelease.run();
                }

                @Override
                public void abandon() {
                    onAbandon.run();
                }
            }
            return new Simple(key, release, abandon);
        }
    }

    /** Sessions of a private network held at once (a client whose session was forgotten makes a new one). */
    static final int MAX_SESSIONS = 1024;

    /** How long a lent buffer waits for its client's acknowledgement before it is abandoned. */
    static final long LEASE_MILLIS = 10_000;

    private final ZContext context;
    private final LongSupplier clock;
    /** Requests read from the socket so far (tests wait on it instead of on time). */
    private final AtomicLong received = new AtomicLong();
    private final String bindHost;
    private final int requestedPort;
    private final Map<Class<? extends PeerMessage>, Lanes.Route> routes = new HashMap<>();
    private final CountDownLatch bound = new CountDownLatch(1);
    private final Waker wake = new Waker();
    private final WorkerThread thread;
    private volatile int port = -1;
    private volatile RuntimeException bindFailure;

    // owned by the ROUTER thread
    /** The sessions of a private network's channels; null in an open network. */
    private final ServerChannels channels;
    private final Leases leases;
    private final Lanes lanes;

    /**
     * @param bindHost the address to listen on (the discovery interface's address)
     * @param port     the TCP port, 0 for any free one
     * @param workers  how many requests of the pool lane run at once
     */
    public PeerServer(ZContext context, String bindHost, int port, int workers, Health health) {
        this(context, bindHost, port, workers, LEASE_MILLIS, System::nanoTime, health);
    }

    /** A server whose ROUTER thread is not supervised: a thread that dies stays dead (tests, benchmarks). */
    public PeerServer(ZContext context, String bindHost, int port, int workers) {
        this(context, bindHost, port, workers, LEASE_MILLIS, System::nanoTime, null);
    }

    /** @param clock nanoseconds for run times and lease ages ({@link System#nanoTime()}; tests pass one they move) */
    PeerServer(ZContext context, String bindHost, int port, int workers, long leaseMillis, LongSupplier clock,
               Health health) {
        this.clock = clock;
        this.leases = new Leases(TimeUnit.MILLISECONDS.toNanos(leaseMillis));
        this.context = context;
        this.bindHost = bindHost;
        this.requestedPort = port;
        this.lanes = new Lanes(workers, wake::wake, clock);
        this.thread = new WorkerThread("peer-router", this::run, t -> wake.wake(), health);
        NetworkKey network = PeerContext.network(context);
        this.channels = network == null ? null : new ServerChannels(network, PeerContext.own(context), MAX_SESSIONS);
    }

    /** Registers the handler of one kind of request; call before {@link #start()}. */
    public PeerServer on(Class<? extends PeerMessage> type, Lane lane, Handler handler) {
        routes.put(type, new Lanes.Route((client, source, request) -> handler.handle(client, request), lane, false));
        return this;
    }

    /** Registers the handler of one kind of request that needs its source address; call before {@link #start()}. */
    public PeerServer on(Class<? extends PeerMessage> type, Lane lane, SourcedHandler handler) {
        routes.put(type, new Lanes.Route(handler, lane, true));
        return this;
    }

    /** Binds and starts serving; returns the TCP port actually bound. */
    public int start() {
        on(PeerMessage.Ping.class, Lane.POOL, (client, request) ->
                Reply.of(new PeerMessage.Pong(((PeerMessage.Ping) request).token())));
        thread.start();
        try {
            bound.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while binding the peer port");
        }
        if (bindFailure != null) {
            throw bindFailure;
        }
        return port;
    }

    public int port() {
        return port;
    }

    /** How many requests the ROUTER thread has read so far, whatever became of them. */
    long received() {
        return received.get();
    }

    /**
     * The ROUTER thread: binds (the port asked for the first time, the same port again after a restart) and serves
     * until stopped. What a message can cause is caught per message; anything else ends this run, and the
     * supervisor starts another.
     */
    private void run() throws IOException {
        ZMQ.Socket router = context.createSocket(SocketType.ROUTER);
        try {
            router.setLinger(0);
            router.setMaxMsgSize(MAX_REQUEST + Frames.OVERHEAD);
            router.setHeartbeatIvl(HEARTBEAT_MILLIS);
            router.setHeartbeatTimeout(HEARTBEAT_TIMEOUT_MILLIS);
            router.setHandshakeIvl(HANDSHAKE_MILLIS);
            // per client: its whole queue of replies plus as many refusals fit before the socket drops (bounded memory)
            router.setSndHWM(2 * MAX_QUEUED_PER_CLIENT);
            router.setRcvHWM(1024);
            int want = port > 0 ? port : requestedPort;
            port = want == 0 ? router.bindToRandomPort("tcp://" + bindHost, 20000, 60000)
                    : bindFixed(router, "tcp://" + bindHost + ":" + want);
        } catch (RuntimeException e) {
            context.destroySocket(router);
            if (port > 0) {
                throw e; // a restart could not bind again: the supervisor tries later
            }
            bindFailure = e instanceof ZMQException z
                    ? new IllegalStateException("cannot listen on " + bindHost + ":" + requestedPort + " ("
                    + z.getMessage() + ")", z) : e;
            thread.stop(Duration.ZERO); // from its own thread: ends quietly, start() reports the failure
            bound.countDown();
            return;
        }
        bound.countDown();
        SocketWait readiness = new SocketWait(wake.channel());
        readiness.add(router);
        List<ZMQ.Socket> sockets = List.of(router);
        try {
            // While replies or requests keep coming the loop does not poll: it takes what is there (receiving with
            // DONTWAIT costs no system call when nothing waits) and polls, blocking, only once a round found nothing.
            boolean worked = false;
            while (thread.running()) {
                if (!worked) {
                    wake.sleeping();
                    boolean woken = readiness.await(lanes.nothingFinished() ? 500 : 0, sockets);
                    wake.busy();
                    if (woken) {
                        wake.drain();
                    }
                }
                try {
                    worked = sendReplies(router);
                    for (int i = 0; i < 256; i++) {
                        if (!receive(router)) {
                            break;
                        }
                        worked = true;
                    }
                    worked |= lanes.schedule();
                    leases.expire(clock.getAsLong());
                } catch (RuntimeException e) {
                    if (!thread.running() || e instanceof ZMQException) {
                        throw e;
                    }
                    // one request or reply went wrong in a way nothing above expected: drop it, serve the rest
                    log.warn("the peer socket dropped a message it could not handle", e);
                    worked = true;
                }
            }
        } finally {
            readiness.close();
            context.destroySocket(router);
        }
    }

    private static int bindFixed(ZMQ.Socket router, String endpoint) {
        router.bind(endpoint);
        return Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1));
    }

    /** Receives one message if there is one; false when none was waiting. */
    private boolean receive(ZMQ.Socket router) {
        byte[] identity = router.recv(ZMQ.DONTWAIT);
        if (identity == null) {
            return false;
        }
        Msg frame = router.hasReceiveMore() ? router.recvMsg(0) : null;
        byte[] payload = frame == null ? null : frame.data();
        boolean extra = false;
        while (router.hasReceiveMore()) {
            router.recv(0);
            extra = true;
        }
        received.incrementAndGet();
        String client = Hex.encode(identity);
        if (channels != null && payload != null) {
            ServerChannels.Incoming in = channels.receive(client, payload, extra);
            if (in instanceof ServerChannels.Answer answer) {
                log.debug("client {}: {}", client, answer.why());
                router.sendMore(identity);
                router.send(answer.frame(), ZMQ.DONTWAIT);
                return true;
            }
            if (in instanceof ServerChannels.Drop drop) {
                log.debug("dropped a message from client {}: {}", client, drop.why());
                return true;
            }
            payload = ((ServerChannels.Request) in).message();
        }
        if (payload == null || extra) {
            refuse(router, identity, "malformed request: one frame expected", false);
            return true;
        }
        PeerMessage request;
        try {
            request = Codec.decode(payload, PeerMessage.class);
        } catch (ProtocolException e) {
            log.debug("bad request from client {}: {}", client, e.getMessage()); // printable and bounded
            refuse(router, identity, "bad request: not a well-formed message this peer accepts", false);
            return true;
        }
        String acknowledged = request.acknowledged();
        if (acknowledged != null) {
            leases.acknowledged(client, acknowledged);
        }
        Lanes.Route route = routes.get(request.getClass());
        if (route == null) {
            refuse(router, identity, "this peer does not serve " + request.getClass().getSimpleName(), false);
            return true;
        }
        InetAddress source = route.sourced() ? source(frame) : null;
        if (!lanes.submit(new Lanes.Job(identity, client, source, request, route, payload.length))) {
            refuse(router, identity, "busy", true);
        }
        return true;
    }

    /**
     * The IP address a frame's connection comes from: ZeroMQ puts "address:port" in the frame's metadata. Null if it
     * is missing or not an IPv4 address with a port (the peer socket listens on IPv4 only).
     */
    private static InetAddress source(Msg frame) {
        Metadata metadata = frame.getMetadata();
        InetSocketAddress address = metadata == null ? null : Endpoint.parse(metadata.get(Metadata.PEER_ADDRESS));
        return address == null ? null : address.getAddress();
    }

    /** Sends the replies the handlers have finished; true if there were any. */
    private boolean sendReplies(ZMQ.Socket router) {
        Lanes.Finished out;
        boolean any = false;
        while ((out = lanes.finished()) != null) {
            any = true;
            // a handler's Reply.of(null) is no answer, like a null reply: the wire never carries a "null" message
            if (out.reply() != null && out.reply().message() != null) {
                reply(router, out.identity(), out.client(), out.reply());
                if (out.reply().lease() != null) {
                    leases.sent(out.client(), out.reply().lease(), clock.getAsLong());
                }
            }
        }
        return any;
    }

    /**
     * Sends a reply: encoded first, so that a reply that cannot be encoded (a handler's bug) never leaves half a
     * message on the socket; it is replaced by a refusal in our words.
     */
    private void reply(ZMQ.Socket router, byte[] identity, String client, Reply reply) {
        byte[] message;
        ByteBuffer data = reply.data();
        try {
            message = Codec.encode(reply.message());
        } catch (IllegalArgumentException e) {
            log.warn("a {} reply could not be encoded; refused instead", reply.message().getClass().getSimpleName(), e);
            message = Codec.encode(new PeerMessage.Refused("this peer could not send its answer", false));
            data = null;
        }
        if (channels != null) {
            Session.Sealed sealed = channels.seal(client, message, data);
            if (sealed == null) {
                // no session (a refusal before any, or one forgotten since): only a refusal may go in the clear
                if (!(reply.message() instanceof PeerMessage.Refused)) {
                    log.debug("client {} has no session any more; its {} is dropped", client,
                            reply.message().getClass().getSimpleName());
                    return;
                }
                data = null;
            } else {
                message = sealed.head();
                data = sealed.data() == null ? null : ByteBuffer.wrap(sealed.data());
            }
        }
        router.sendMore(identity);
        if (data == null) {
            router.send(message, ZMQ.DONTWAIT);
        } else {
            router.sendMore(message);
            router.sendByteBuffer(data, ZMQ.DONTWAIT);
        }
    }

    private void refuse(ZMQ.Socket router, byte[] identity, String reason, boolean retry) {
        reply(router, identity, Hex.encode(identity), Reply.of(new PeerMessage.Refused(reason, retry)));
    }

    @Override
    public void close() {
        thread.stop(Duration.ofSeconds(2));
        lanes.close();
        wake.close();
    }
}
