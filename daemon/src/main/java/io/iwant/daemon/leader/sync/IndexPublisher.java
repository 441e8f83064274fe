package io.iwant.daemon.leader.sync;

import io.iwant.daemon.peer.PeerCall;
import io.iwant.daemon.peer.Waker;
import io.iwant.protocol.index.IndexDelta;
import io.iwant.protocol.index.IndexEntry;
import io.iwant.protocol.index.IndexSnapshot;
import io.iwant.protocol.peer.PeerMessage;
import io.iwant.protocol.peer.Sync;
import io.iwant.protocol.wire.Codec;
import io.iwant.protocol.wire.ProtocolException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * This peer's side of index sync: keeps the current leader's network index in step with the local index. On a new
 * leader (or when asked) it sends a snapshot in bounded parts, then each delta in order; every
 * {@value #CHECK_MILLIS} ms a check, so a leader that lost track asks for a snapshot. One thread owns the DEALER;
 * other threads hand it leader changes and deltas through queues and a {@link Waker}.
 */
public final class IndexPublisher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(IndexPublisher.class);
    static final long CHECK_MILLIS = 2000;
    /** Silence from the leader after which the connection is made again. */
    static final long SILENCE_MILLIS = 5 * CHECK_MILLIS + 500;
    private static final long RETRY_MILLIS = 500;
    /** Deltas waiting beyond this are dropped in favour of a fresh snapshot. */
    private static final int MAX_PENDING = 1000;

    private final ZContext context;
    private final String peerId;
    private final String endpoint;
    private final IndexSource source;
    private final Waker waker = new Waker();
    private final AtomicReference<String> leaderEndpoint = new AtomicReference<>();
    private final AtomicInteger leaderChanges = new AtomicInteger();
    private final ConcurrentLinkedQueue<IndexDelta> incoming = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private volatile boolean running = true;

    // owned by the sync thread
    private final ArrayDeque<IndexDelta> pending = new ArrayDeque<>();
    private ZMQ.Socket dealer;
    private ZMQ.Poller poller;
    private String connectedTo;
    private int seenChanges;
    private boolean needSnapshot = true;
    private long sentVersion = -1;
    private long nextCheck;
    private long retryAt;
    private long lastReply;
    private long snapshotIds = System.nanoTime();

    /**
     * @param peerId   this peer's id
     * @param endpoint this peer's own peer endpoint ("host:port"), where others fetch chunks
     */
    public IndexPublisher(ZContext context, String peerId, String endpoint, IndexSource source) {
        this.context = context;
        this.peerId = peerId;
        this.endpoint = endpoint;
        this.source = source;
        this.thread = new Thread(this::run, "index-sync");
        this.thread.setDaemon(true);
        source.addListener(delta -> {
            incoming.add(delta);
            waker.wake();
        });
    }

    public void start() {
        thread.start();
    }

    /** The leader to follow ("host:port"), or null while none is known. Any thread. */
    public void leaderChanged(String newLeaderEndpoint) {
        leaderEndpoint.set(newLeaderEndpoint);
        leaderChanges.incrementAndGet();
        waker.wake();
    }

    private void run() {
        try {
            while (running) {
                long now = System.nanoTime() / 1_000_000;
                followLeader(now);
                reconnectIfSilent(now);
                takeIncoming();
                if (dealer != null) {
                    send(now);
                }
                long due = needSnapshot ? retryAt : nextCheck;
                long wait = dealer == null ? CHECK_MILLIS : Math.max(1, due - now);
                poll(wait);
            }
        } catch (RuntimeException e) {
            if (running) {
                log.error("index sync stopped", e);
            }
        } finally {
            disconnect();
        }
    }

    private void followLeader(long now) {
        int changes = leaderChanges.get();
        if (changes == seenChanges) {
            return;
        }
        seenChanges = changes;
        String target = leaderEndpoint.get();
        if (target == null ? connectedTo == null : target.equals(connectedTo)) {
            needSnapshot = true; // the same leader after a restart or re-election: start over to be sure
            nextCheck = now;
            return;
        }
        disconnect();
        if (target != null) {
            dealer = context.createSocket(SocketType.DEALER);
            dealer.setLinger(0);
            dealer.setSndHWM(32);
            dealer.setSendTimeOut(2000);
            dealer.setMaxMsgSize(PeerMessage.MAX_FRAME);
            dealer.setHandshakeIvl(PeerCall.HANDSHAKE_MILLIS);
            dealer.connect("tcp://" + target);
            poller = context.createPoller(2);
            poller.register(dealer, ZMQ.Poller.POLLIN);
            poller.register(waker.channel(), ZMQ.Poller.POLLIN);
            connectedTo = target;
            log.info("index sync: following the leader at {}", target);
        }
        needSnapshot = true;
        nextCheck = now;
        lastReply = now;
    }

    /**
     * A leader that has not answered for several checks is reached anew: a fresh socket, and a snapshot, since
     * whatever went over the old one may be lost.
     */
    private void reconnectIfSilent(long now) {
        if (connectedTo != null && now - lastReply > SILENCE_MILLIS) {
            String target = connectedTo;
            log.info("index sync: no answer from the leader at {} for {} ms; connecting again", target,
                    now - lastReply);
            disconnect();
            seenChanges = -1; // makes followLeader connect again
            followLeader(now);
        }
    }

    private void takeIncoming() {
        IndexDelta delta;
        while ((delta = incoming.poll()) != null) {
            pending.add(delta);
        }
        if (pending.size() > MAX_PENDING) {
            pending.clear();
            needSnapshot = true;
        }
    }

    private void send(long now) {
        if (needSnapshot) {
            if (now < retryAt) {
                return;
            }
            if (!sendSnapshot()) {
                retryAt = now + RETRY_MILLIS;
                return;
            }
            nextCheck = now + CHECK_MILLIS;
        }
        while (!pending.isEmpty()) {
            IndexDelta delta = pending.peek();
            if (delta.version() <= sentVersion) {
                pending.poll();
                continue;
            }
            if (!dealer.send(Codec.encode(new Sync.Delta(peerId, endpoint, delta)), 0)) {
                needSnapshot = true;
                return;
            }
            sentVersion = delta.version();
            pending.poll();
        }
        if (now >= nextCheck) {
            dealer.send(Codec.encode(new Sync.Check(peerId, endpoint, sentVersion)), ZMQ.DONTWAIT);
            nextCheck = now + CHECK_MILLIS;
        }
    }

    private boolean sendSnapshot() {
        IndexSnapshot snapshot = source.snapshot();
        List<IndexEntry> entries = snapshot.entries();
        long id = ++snapshotIds;
        int parts = Math.max(1, (entries.size() + Sync.MAX_PART_ENTRIES - 1) / Sync.MAX_PART_ENTRIES);
        for (int part = 0; part < parts; part++) {
            List<IndexEntry> slice = entries.subList(part * Sync.MAX_PART_ENTRIES,
                    Math.min(entries.size(), (part + 1) * Sync.MAX_PART_ENTRIES));
            Sync.SnapshotPart message = new Sync.SnapshotPart(peerId, endpoint, id, snapshot.version(), part,
                    part == parts - 1, slice);
            if (!dealer.send(Codec.encode(message), 0)) {
                log.info("index sync: the leader is not taking the snapshot; retrying");
                return false;
            }
        }
        sentVersion = snapshot.version();
        needSnapshot = false;
        log.info("index sync: sent a snapshot of {} entries at version {} to {}", entries.size(),
                snapshot.version(), connectedTo);
        return true;
    }

    private void poll(long waitMillis) {
        if (poller == null) {
            waitForWake(waitMillis); // no leader: the waker's pipe is all there is to wait on
            return;
        }
        try {
            poller.poll(waitMillis);
        } catch (ZMQException e) {
            if (running) {
                throw e;
            }
            return;
        }
        if (poller.pollin(1)) {
            waker.drain();
        }
        while (poller.pollin(0)) {
            byte[] frame = dealer.recv(ZMQ.DONTWAIT);
            if (frame == null) {
                break;
            }
            while (dealer.hasReceiveMore()) {
                dealer.recv(0);
            }
            handleReply(frame);
        }
    }

    private void waitForWake(long waitMillis) {
        ZMQ.Poller idle = context.createPoller(1);
        try {
            idle.register(waker.channel(), ZMQ.Poller.POLLIN);
            idle.poll(waitMillis);
            waker.drain();
        } finally {
            idle.close();
        }
    }

    private void handleReply(byte[] frame) {
        lastReply = System.nanoTime() / 1_000_000;
        PeerMessage reply;
        try {
            reply = Codec.decode(frame, PeerMessage.class);
        } catch (ProtocolException e) {
            log.warn("index sync: unreadable reply from the leader: {}", e.getMessage());
            return;
        }
        if (reply instanceof Sync.SnapshotNeeded needed) {
            log.info("index sync: the leader asks for a snapshot ({})", needed.reason());
            needSnapshot = true;
        } else if (reply instanceof Sync.NotLeader) {
            needSnapshot = true; // discovery will name the real leader; until then, retry now and then
            retryAt = System.nanoTime() / 1_000_000 + RETRY_MILLIS;
        } else if (!(reply instanceof Sync.Ack)) {
            log.debug("index sync: leader answered {}", reply);
        }
    }

    private void disconnect() {
        if (poller != null) {
            poller.close();
            poller = null;
        }
        if (dealer != null) {
            context.destroySocket(dealer);
            dealer = null;
        }
        connectedTo = null;
    }

    @Override
    public void close() {
        running = false;
        waker.wake();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        waker.close();
    }
}
