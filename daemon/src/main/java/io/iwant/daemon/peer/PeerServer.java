package io.iwant.daemon.peer;

import io.iwant.protocol.hash.Hex;
import io.iwant.protocol.peer.PeerMessage;
import io.iwant.protocol.wire.Codec;
import io.iwant.protocol.wire.ProtocolException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
    private static final int MAX_ORDERED_QUEUED = 4096;

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
            return new Lease() {
                @Override
                public String key() {
                    return key;
                }

                @Override
                public void release() {
                    release.run();
                }

                @Override
                public void abandon() {
                    abandon.run();
                }
            };
        }
    }

    /** How long a lent buffer waits for its client's acknowledgement before it is abandoned. */
    static final long LEASE_MILLIS = 10_000;

    private record Lent(Lease lease, long sentAt) {
    }

    private record Route(Handler handler, Lane lane) {
    }

    private record Job(byte[] identity, String client, PeerMessage request, Route route) {
    }

    private record Outgoing(byte[] identity, String client, Reply reply, boolean pooled) {
    }

    private final ZContext context;
    /** Nanoseconds for run times and lease ages ({@link System#nanoTime()}; tests pass a clock they move). */
    private final LongSupplier clock;
    private final long leaseNanos;
    private final String bindHost;
    private final int requestedPort;
    private final Map<Class<? extends PeerMessage>, Route> routes = new HashMap<>();
    private final ConcurrentLinkedQueue<Outgoing> outgoing = new ConcurrentLinkedQueue<>();
    private final AtomicInteger orderedQueued = new AtomicInteger();
    /** Mean run time of QUICK requests (moving average, updated racily by whichever thread ran one). */
    private volatile long quickMean;
    private final CountDownLatch bound = new CountDownLatch(1);
    private final int workers;
    private final ExecutorService pool;
    private final ExecutorService ordered;
    private final Waker wake = new Waker();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile int port = -1;
    private volatile RuntimeException bindFailure;

    // owned by the ROUTER thread
    private final LinkedHashMap<String, ArrayDeque<Job>> waiting = new LinkedHashMap<>();
    private final Map<String, ArrayDeque<Lent>> lent = new HashMap<>();
    private long nextLeaseCheck;
    private int inFlight;

    /**
     * @param bindHost the address to listen on (the discovery interface's address)
     * @param port     the TCP port, 0 for any free one
     * @param workers  how many requests of the pool lane run at once
     */
    public PeerServer(ZContext context, String bindHost, int port, int workers) {
        this(context, bindHost, port, workers, LEASE_MILLIS, System::nanoTime);
    }

    PeerServer(ZContext context, String bindHost, int port, int workers, long leaseMillis, LongSupplier clock) {
        this.clock = clock;
        this.leaseNanos = TimeUnit.MILLISECONDS.toNanos(leaseMillis);
        this.context = context;
        this.bindHost = bindHost;
        this.requestedPort = port;
        this.workers = workers;
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(workers, r -> daemonThread(r, "peer-worker-" + n.incrementAndGet()));
        this.ordered = Executors.newSingleThreadExecutor(r -> daemonThread(r, "peer-ordered"));
        this.thread = daemonThread(this::run, "peer-router");
    }

    private static Thread daemonThread(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Registers the handler of one kind of request; call before {@link #start()}. */
    public PeerServer on(Class<? extends PeerMessage> type, Lane lane, Handler handler) {
        routes.put(type, new Route(handler, lane));
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

    private void run() {
        ZMQ.Socket router;
        try {
            router = context.createSocket(SocketType.ROUTER);
            router.setLinger(0);
            router.setMaxMsgSize(PeerMessage.MAX_FRAME);
            // per client: its whole queue of replies plus as many refusals fit before the socket drops (bounded memory)
            router.setSndHWM(2 * MAX_QUEUED_PER_CLIENT);
            router.setRcvHWM(1024);
            String endpoint = "tcp://" + bindHost + ":";
            port = requestedPort == 0 ? router.bindToRandomPort("tcp://" + bindHost, 20000, 60000)
                    : bindFixed(router, endpoint + requestedPort);
        } catch (RuntimeException e) {
            bindFailure = e instanceof ZMQException z
                    ? new IllegalStateException("cannot listen on " + bindHost + ":" + requestedPort + " ("
                    + z.getMessage() + ")", z) : e;
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
            while (running && !Thread.currentThread().isInterrupted()) {
                if (!worked) {
                    wake.sleeping();
                    boolean woken = readiness.await(outgoing.isEmpty() ? 500 : 0, sockets);
                    wake.busy();
                    if (woken) {
                        wake.drain();
                    }
                }
                worked = sendReplies(router);
                for (int i = 0; i < 256; i++) {
                    if (!receive(router)) {
                        break;
                    }
                    worked = true;
                }
                worked |= schedule();
                expireLeases();
            }
        } catch (ZMQException | IOException e) {
            if (running) {
                log.error("peer socket failed", e);
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
        byte[] payload = router.hasReceiveMore() ? router.recv(0) : null;
        boolean extra = false;
        while (router.hasReceiveMore()) {
            router.recv(0);
            extra = true;
        }
        String client = Hex.encode(identity);
        if (payload == null || extra) {
            reply(router, identity, Reply.of(new PeerMessage.Refused("malformed request: one frame expected", false)));
            return true;
        }
        PeerMessage request;
        try {
            request = Codec.decode(payload, PeerMessage.class);
        } catch (ProtocolException e) {
            log.debug("bad request from {}: {}", client, e.getMessage());
            reply(router, identity, Reply.of(new PeerMessage.Refused("bad request: " + e.getMessage(), false)));
            return true;
        }
        String acknowledged = request.acknowledged();
        if (acknowledged != null) {
            acknowledge(client, acknowledged);
        }
        Route route = routes.get(request.getClass());
        if (route == null) {
            reply(router, identity, Reply.of(new PeerMessage.Refused(
                    "this peer does not serve " + request.getClass().getSimpleName(), false)));
            return true;
        }
        Job job = new Job(identity, client, request, route);
        if (route.lane() == Lane.ORDERED) {
            if (orderedQueued.incrementAndGet() > MAX_ORDERED_QUEUED) {
                orderedQueued.decrementAndGet();
                reply(router, identity, Reply.of(new PeerMessage.Refused("busy", true)));
            } else {
                ordered.execute(() -> {
                    orderedQueued.decrementAndGet();
                    execute(job, false);
                });
            }
            return true;
        }
        ArrayDeque<Job> queue = waiting.computeIfAbsent(client, k -> new ArrayDeque<>());
        if (queue.size() >= MAX_QUEUED_PER_CLIENT) {
            reply(router, identity, Reply.of(new PeerMessage.Refused("busy", true)));
        } else {
            queue.add(job);
        }
        return true;
    }

    /**
     * The client received the reply with this key: it and every leased reply sent to the client before it have
     * left, so their buffers go back. A key not among the client's leases (a reply sent on an earlier connection, or
     * one without a lease) releases nothing.
     */
    private void acknowledge(String client, String key) {
        ArrayDeque<Lent> leases = lent.get(client);
        if (leases == null || leases.stream().noneMatch(l -> l.lease().key().equals(key))) {
            return;
        }
        Lent l;
        do {
            l = leases.poll();
            l.lease().release();
        } while (!l.lease().key().equals(key));
        if (leases.isEmpty()) {
            lent.remove(client);
        }
    }

    /** Abandons leases nobody acknowledged in time (the client left, or its download ended). */
    private void expireLeases() {
        long now = clock.getAsLong();
        if (lent.isEmpty() || now - nextLeaseCheck < 0) {
            return;
        }
        nextLeaseCheck = now + Math.min(1_000_000_000L, leaseNanos / 4);
        long cutoff = now - leaseNanos;
        for (var it = lent.values().iterator(); it.hasNext(); ) {
            ArrayDeque<Lent> leases = it.next();
            while (!leases.isEmpty() && leases.peek().sentAt() - cutoff < 0) {
                leases.poll().lease().abandon();
            }
            if (leases.isEmpty()) {
                it.remove();
            }
        }
    }

    /**
     * Starts queued jobs, taking one job per client in turn: quick ones right here while they stay quick, the
     * others while pool workers are free. True if it ran any here (their replies wait in the queue).
     */
    private boolean schedule() {
        boolean ranHere = false;
        while (!waiting.isEmpty()) {
            var it = waiting.entrySet().iterator();
            Map.Entry<String, ArrayDeque<Job>> first = it.next();
            Job job = first.getValue().peek();
            boolean here = job != null && job.route().lane() == Lane.QUICK && quickMean < QUICK_NANOS;
            if (!here && inFlight >= workers) {
                return ranHere;
            }
            it.remove();
            first.getValue().poll();
            if (!first.getValue().isEmpty()) {
                waiting.put(first.getKey(), first.getValue()); // to the back of the line
            }
            if (job == null) {
                continue;
            }
            if (here) {
                execute(job, false); // its reply goes out in the loop's next round, without a wake-up
                ranHere = true;
            } else {
                inFlight++;
                pool.execute(() -> execute(job, true));
            }
        }
        return ranHere;
    }

    private void execute(Job job, boolean pooled) {
        Reply reply;
        long start = clock.getAsLong();
        try {
            reply = job.route().handler().handle(job.client(), job.request());
        } catch (IOException | RuntimeException e) {
            log.warn("{} from {} failed", job.request().getClass().getSimpleName(), job.client(), e);
            reply = Reply.of(new PeerMessage.Refused("failed: " + e.getMessage(), true));
        }
        if (job.route().lane() == Lane.QUICK) {
            long took = clock.getAsLong() - start;
            quickMean += (took - quickMean) / 8;
        }
        outgoing.add(new Outgoing(job.identity(), job.client(), reply, pooled));
        wake.wake();
    }

    /** Sends the replies the handlers have finished; true if there were any. */
    private boolean sendReplies(ZMQ.Socket router) {
        Outgoing out;
        boolean any = false;
        while ((out = outgoing.poll()) != null) {
            any = true;
            if (out.pooled()) {
                inFlight--;
            }
            if (out.reply() != null) {
                reply(router, out.identity(), out.reply());
                if (out.reply().lease() != null) {
                    lent.computeIfAbsent(out.client(), k -> new ArrayDeque<>())
                            .add(new Lent(out.reply().lease(), clock.getAsLong()));
                }
            }
        }
        return any;
    }

    private static void reply(ZMQ.Socket router, byte[] identity, Reply reply) {
        router.sendMore(identity);
        byte[] message = Codec.encode(reply.message());
        if (reply.data() == null) {
            router.send(message, ZMQ.DONTWAIT);
        } else {
            router.sendMore(message);
            router.sendByteBuffer(reply.data(), ZMQ.DONTWAIT);
        }
    }

    @Override
    public void close() {
        running = false;
        wake.wake();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pool.shutdownNow();
        ordered.shutdownNow();
        try {
            pool.awaitTermination(1, TimeUnit.SECONDS);
            ordered.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        wake.close();
    }
}
