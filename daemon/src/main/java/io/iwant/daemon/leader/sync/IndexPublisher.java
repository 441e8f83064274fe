package io.iwant.daemon.leader.sync;

import io.iwant.daemon.peer.Channel;
import io.iwant.daemon.peer.PeerCall;
import io.iwant.daemon.peer.SocketWait;
import io.iwant.daemon.peer.Waker;
import io.iwant.daemon.util.Health;
import io.iwant.daemon.util.WorkerThread;
import io.iwant.protocol.index.IndexDelta;
import io.iwant.protocol.peer.PeerMessage;
import io.iwant.protocol.wire.Codec;
import io.iwant.protocol.wire.ProtocolException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * This peer's side of index sync: keeps the current leader's network index in step with the local index. The
 * protocol is the pure {@link SyncSession}; this is its loop, on one supervised thread ("index-sync") that reads the
 * clock, creates and alone uses the DEALER to the leader, and carries out what the session asks. Other threads hand
 * it leader changes and local changes through a field, a bounded queue and a {@link Waker}. A run that dies closes
 * its socket; the next run starts a fresh session, which sends a snapshot.
 */
public final class IndexPublisher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(IndexPublisher.class);
    /** The longest the loop sleeps without a deadline, so that a stop or a lost wake-up is noticed. */
    private static final long MAX_WAIT_MILLIS = 1000;
    private static final int SEND_TIMEOUT_MILLIS = 2000;
    private static final LongSupplier MONOTONIC_MILLIS = () -> System.nanoTime() / 1_000_000;

    private final ZContext context;
    private final String peerId;
    private final String endpoint;
    private final IndexSource source;
    private final LongSupplier clock;
    private final Waker waker = new Waker();
    private final ConcurrentLinkedQueue<IndexDelta> incoming = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicBoolean lost = new AtomicBoolean();
    private final AtomicInteger leaderChanges = new AtomicInteger();
    private volatile String leaderEndpoint;
    private final WorkerThread thread;

    /**
     * @param peerId   this peer's id
     * @param endpoint this peer's own peer endpoint ("host:port"), where others fetch chunks
     * @param health   where the thread reports that it died and was restarted; null for an unsupervised one (tests)
     */
    public IndexPublisher(ZContext context, String peerId, String endpoint, IndexSource source, Health health) {
        this(context, peerId, endpoint, source, MONOTONIC_MILLIS, health);
    }

    /** With a given monotonic clock in ms. */
    IndexPublisher(ZContext context, String peerId, String endpoint, IndexSource source, LongSupplier clock,
                   Health health) {
        this.context = context;
        this.peerId = peerId;
        this.endpoint = endpoint;
        this.source = source;
        this.clock = clock;
        this.thread = new WorkerThread("index-sync", this::run, t -> waker.wake(), health);
        source.addListener(this::localChange);
    }

    public void start() {
        thread.start();
    }

    /** The leader to follow ("host:port"), or null while none is known. Any thread. */
    public void leaderChanged(String newLeaderEndpoint) {
        leaderEndpoint = newLeaderEndpoint;
        leaderChanges.incrementAndGet();
        waker.wake();
    }

    /** Called on the local index's thread: queues the change, or notes that one was lost when the queue is full. */
    private void localChange(IndexDelta delta) {
        if (queued.incrementAndGet() > SyncSession.MAX_PENDING) {
            queued.decrementAndGet();
            lost.set(true);
        } else {
            incoming.add(delta);
        }
        waker.wake();
    }

    /** One run of the loop: a fresh session and, while a leader is followed, a DEALER to it; both end with the run. */
    private void run() throws IOException {
        SyncSession session = new SyncSession(peerId, endpoint, PeerMessage.MAX_REQUEST, clock.getAsLong());
        int seenChanges = leaderChanges.get() - 1; // the first round follows the leader known now
        try (SocketWait readiness = new SocketWait(waker.channel())) {
            Connection connection = new Connection(readiness);
            try {
                while (thread.running()) {
                    ArrayDeque<SyncEvent> events = new ArrayDeque<>();
                    int changes = leaderChanges.get();
                    if (changes != seenChanges) {
                        seenChanges = changes;
                        events.add(new SyncEvent.LeaderChanged(leaderEndpoint));
                    }
                    if (lost.getAndSet(false)) {
                        events.add(new SyncEvent.ChangesLost());
                    }
                    IndexDelta delta;
                    while ((delta = incoming.poll()) != null) {
                        queued.decrementAndGet();
                        events.add(new SyncEvent.LocalChange(delta));
                    }
                    connection.receive(events);
                    events.add(new SyncEvent.Tick());
                    while (!events.isEmpty()) {
                        carryOut(session.handle(events.poll(), clock.getAsLong()), connection, events);
                    }
                    long wait = Math.min(MAX_WAIT_MILLIS, Math.max(0, session.nextDeadline() - clock.getAsLong()));
                    if (readiness.await(wait, connection.sockets())) {
                        waker.drain();
                    }
                }
            } finally {
                connection.close();
            }
        }
    }

    /** Does what the session asks; what comes of it (a snapshot taken, a failed send) joins {@code events}. */
    private void carryOut(List<SyncAction> actions, Connection connection, ArrayDeque<SyncEvent> events) {
        boolean failed = false;
        for (SyncAction action : actions) {
            if (action instanceof SyncAction.Connect connect) {
                connection.open(connect.connection(), connect.endpoint());
                failed = false;
            } else if (action instanceof SyncAction.Disconnect) {
                connection.close();
            } else if (action instanceof SyncAction.TakeSnapshot) {
                events.add(new SyncEvent.SnapshotTaken(source.snapshot()));
            } else if (action instanceof SyncAction.Send send && !failed) {
                if (!connection.send(send.frame(), send.droppable()) && !send.droppable()) {
                    failed = true;
                    events.add(new SyncEvent.SendFailed(connection.number));
                }
            }
        }
    }

    /** The DEALER to the leader, owned by the loop's thread. */
    private final class Connection {
        private final SocketWait readiness;
        private int number;
        private Channel channel;
        private SelectionKey key;

        Connection(SocketWait readiness) {
            this.readiness = readiness;
        }

        void open(int connectionNumber, String target) {
            close();
            channel = Channel.dealer(context, "the leader at " + target);
            ZMQ.Socket dealer = channel.socket();
            dealer.setLinger(0);
            dealer.setSndHWM(32);
            dealer.setSendTimeOut(SEND_TIMEOUT_MILLIS);
            dealer.setHandshakeIvl(PeerCall.HANDSHAKE_MILLIS);
            dealer.connect("tcp://" + target);
            key = readiness.add(dealer);
            number = connectionNumber;
        }

        List<ZMQ.Socket> sockets() {
            return channel == null ? List.of() : List.of(channel.socket());
        }

        boolean send(byte[] frame, boolean droppable) {
            return channel != null && channel.send(frame, droppable ? ZMQ.DONTWAIT : 0);
        }

        /** Every reply waiting, decoded; an unreadable one is logged and skipped. */
        void receive(ArrayDeque<SyncEvent> events) {
            if (channel == null) {
                return;
            }
            Channel.Received received;
            while ((received = channel.recv(ZMQ.DONTWAIT)) != null) {
                try {
                    events.add(new SyncEvent.Replied(number, Codec.decode(received.head(), PeerMessage.class)));
                } catch (ProtocolException e) {
                    log.warn("index sync: unreadable reply from the leader: {}", e.getMessage());
                }
            }
        }

        void close() {
            if (key != null) {
                key.cancel();
                key = null;
            }
            if (channel != null) {
                context.destroySocket(channel.socket());
                channel = null;
            }
        }
    }

    @Override
    public void close() {
        thread.stop(Duration.ofSeconds(2));
        waker.close();
    }
}
