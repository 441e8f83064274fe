package io.iwant.daemon.transfer.fetch;

import io.iwant.protocol.peer.PeerMessage;
import io.iwant.protocol.peer.Transfer;
import io.iwant.daemon.peer.Channel;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One download's connection to one seeder: a DEALER, the requests in flight on it (oldest first), its measured
 * rate and the window of requests it is given, and its health (active, backing off after a stall, or banned).
 * The window follows the rate: enough requests to keep {@code targetQueueDelay} of work queued at the peer, so
 * faster peers get more. Owned by the transfer loop thread, which creates and closes the socket.
 */
final class PeerLink {
    enum Health { ACTIVE, BACKOFF, BANNED }

    /**
     * A connection whose ZeroMQ handshake has not finished by then is dropped and made again. JeroMQ 0.6.0 now and
     * then leaves a fresh TCP connection with its greeting unread (about one in a few hundred on loopback), and
     * without this timer such a connection would stay silent for good.
     */
    static final int HANDSHAKE_MILLIS = 1500;

    /** How long after connecting a link's window only grows. */
    static final long RAMP_NANOS = 2_000_000_000L;

    /** A request in flight; {@code batch} is set for a file asked for in a batch (each file is a request of its own). */
    record Request(FileTask file, int index, long sentAt, Batch batch) {
    }

    final String peerId;
    final String endpoint;
    final Map<Long, Request> inflight = new LinkedHashMap<>();
    /** The batches in flight, by id. */
    private final Map<Integer, Batch> batches = new HashMap<>();
    private int nextBatch;
    /** Window slots taken: single requests and batches in flight. */
    private int slots;
    /** False once the peer refused a batch (a peer from before batches): its files are asked for one by one. */
    private boolean takesBatches = true;
    private final TransferSettings settings;
    private Channel channel;
    private Health health = Health.ACTIVE;
    private RateMeter rate;
    private int window;
    private long lastHeard;
    private long resumeAt;
    private long lastDelivery = Long.MIN_VALUE / 2;
    private int failures;
    private long meanLatency;
    /** The rate as of the last delivery: deadlines use it, not the rate decaying while the peer is silent. */
    private double deliveryRate;
    private String problem = "";
    /** Until then the window only grows: the rate meter still counts the ramp-up. */
    private long rampUntil;
    /** The chunk reply this socket received last, which the next request acknowledges (empty and -1: none). */
    private String ackHash = "";
    private int ackIndex = -1;

    PeerLink(String peerId, String endpoint, TransferSettings settings, long now) {
        this.peerId = peerId;
        this.endpoint = endpoint;
        this.settings = settings;
        this.window = settings.initialWindow();
        this.rate = new RateMeter(now, 1_000_000_000L);
        this.rampUntil = now + RAMP_NANOS;
    }

    static long key(FileTask file, int index) {
        return ((long) file.slot << 32) | (index & 0xffffffffL);
    }

    Health health() {
        return health;
    }

    /** The link's socket, to poll; null while it has none. */
    ZMQ.Socket socket() {
        return channel == null ? null : channel.socket();
    }

    /** The link's channel, to send and receive on; null while it has none. */
    Channel channel() {
        return channel;
    }

    String problem() {
        return problem;
    }

    /** Creates the socket if the link is active (or its backoff has passed) and has none. */
    boolean connect(ZContext context, ChunkBuffers buffers, long now) {
        if (health == Health.BACKOFF && now - resumeAt >= 0) {
            health = Health.ACTIVE;
            window = settings.initialWindow();
            rate = new RateMeter(now, 1_000_000_000L);
            rampUntil = now + RAMP_NANOS;
            deliveryRate = 0;
        }
        if (health != Health.ACTIVE || channel != null) {
            return false;
        }
        ackHash = "";
        ackIndex = -1;
        channel = Channel.dealer(context, toString());
        ZMQ.Socket socket = channel.socket();
        socket.setLinger(0);
        socket.setMsgAllocator(buffers);
        socket.setReconnectIVL(100);
        socket.setReconnectIVLMax(1000);
        socket.setHandshakeIvl(HANDSHAKE_MILLIS);
        try {
            socket.connect("tcp://" + endpoint);
        } catch (RuntimeException e) {
            ban(context, "its address cannot be connected to");
            return false;
        }
        return true;
    }

    boolean usable(long now) {
        return health == Health.ACTIVE && channel != null && now - resumeAt >= 0;
    }

    int free() {
        return window - slots;
    }

    void sent(FileTask file, int index, long now) {
        if (inflight.isEmpty()) {
            lastHeard = now;
        }
        inflight.put(key(file, index), new Request(file, index, now, null));
        slots++;
    }

    /** A new batch of {@code files} (chunk 0 of each), to be asked for with {@link #sent(Batch, long)}. */
    Batch batch(List<FileTask> files) {
        return new Batch(nextBatch++, files);
    }

    /** The batch request for {@code batch}. */
    Transfer.BatchRequest request(Batch batch) {
        List<String> hashes = new ArrayList<>(batch.files.size());
        for (FileTask file : batch.files) {
            hashes.add(file.hash);
        }
        return new Transfer.BatchRequest(batch.id, hashes);
    }

    void sent(Batch batch, long now) {
        if (inflight.isEmpty()) {
            lastHeard = now;
        }
        for (FileTask file : batch.files) {
            inflight.put(key(file, 0), new Request(file, 0, now, batch));
        }
        batches.put(batch.id, batch);
        slots++;
    }

    boolean takesBatches() {
        return takesBatches;
    }

    /**
     * The peer refused a request outright while batches were in flight here, as a peer that does not know batches
     * does: asks it for no more batches, and takes the batches in flight off the link (returned, to be asked again).
     * Returns nothing when no batch is in flight.
     */
    List<Request> refusedBatches() {
        if (batches.isEmpty()) {
            return List.of();
        }
        takesBatches = false;
        List<Request> dropped = new ArrayList<>();
        for (Iterator<Request> it = inflight.values().iterator(); it.hasNext(); ) {
            Request r = it.next();
            if (r.batch() != null) {
                it.remove();
                removed(r);
                dropped.add(r);
            }
        }
        return dropped;
    }

    /** The batch with this id if it is in flight here (all or some of its files), else null. */
    Batch batchInFlight(int id) {
        return batches.get(id);
    }

    /** A chunk reply came in on this link's socket (whatever becomes of it). */
    void received(Transfer.ChunkData chunk) {
        ackHash = chunk.hash();
        ackIndex = chunk.index();
    }

    /** A request for chunk {@code index} of {@code file} that acknowledges the last chunk reply received. */
    Transfer.ChunkRequest request(FileTask file, int index) {
        return new Transfer.ChunkRequest(file.hash, index, ackHash, ackIndex);
    }

    /**
     * Takes a request off the link when its answer (or refusal) arrives; null if it was not in flight here. Only an
     * answer to a request counts as the peer being alive and delivering: chunks nobody asked for must not keep a
     * stalled peer looking healthy.
     */
    Request answered(FileTask file, int index, int bytes, long now) {
        Request r = inflight.remove(key(file, index));
        if (r == null) {
            return null;
        }
        removed(r);
        lastHeard = now;
        if (bytes > 0) {
            rate.add(bytes, now);
            lastDelivery = now;
            failures = 0;
            if (rate.known(now)) {
                deliveryRate = rate.rate(now);
            }
        }
        long latency = now - r.sentAt();
        meanLatency = meanLatency == 0 ? latency : meanLatency + (latency - meanLatency) / 8;
        return r;
    }

    /** Where the request for chunk {@code index} of {@code file} stands in this link's queue: 1 the oldest, 0 none. */
    int queuePosition(FileTask file, int index) {
        if (!inflight.containsKey(key(file, index))) {
            return 0;
        }
        int position = 0;
        for (Request r : inflight.values()) {
            position++;
            if (r.file() == file && r.index() == index) {
                break;
            }
        }
        return position;
    }

    /** For the log: window, requests in flight, rate and mean reply latency. */
    String describe(long now) {
        return String.format("%s: window %d, %d in flight, %.0f MB/s, %.1f ms per reply", this, window,
                inflight.size(), rate.rate(now) / 1e6, meanLatency / 1e6);
    }

    /** Something arrived that cannot be matched to a request (it still shows the peer is alive). */
    void heard(long now) {
        lastHeard = now;
    }

    double rate(long now) {
        return rate.rate(now);
    }

    /** True if the peer delivered a chunk within the last two seconds or has requests in flight. */
    boolean inUse(long now) {
        return health == Health.ACTIVE && (!inflight.isEmpty() || now - lastDelivery < 2_000_000_000L);
    }

    /**
     * Resizes the window to the measured rate. For the first {@link #RAMP_NANOS} of a connection it only grows:
     * the rate then still includes the ramp-up, and a window cut to it held each of three 200 Mbit/s links at
     * 10-17 MB/s for a second or more (a smaller window, a lower rate, the same small window again).
     */
    void adapt(long now, int chunkSize) {
        if (!rate.known(now)) {
            return;
        }
        double perSecond = rate.rate(now) / chunkSize;
        int wanted = 2 + (int) Math.ceil(perSecond * settings.targetQueueDelay().toNanos() / 1e9);
        int floor = now - rampUntil < 0 ? Math.max(window, 2) : 2;
        window = Math.max(floor, Math.min(settings.maxWindow(), wanted));
    }

    /**
     * True if request {@code r}, {@code position}-th in this link's queue, is well overdue at the measured rate
     * (three times the expected time plus 200 ms, so ordinary jitter does not count), or, with no rate yet, after
     * a second.
     */
    boolean late(Request r, int position, long now, int chunkSize) {
        long age = now - r.sentAt();
        if (deliveryRate <= 0) {
            return age > 1_000_000_000L;
        }
        double expected = position * (double) chunkSize / deliveryRate * 1e9;
        return age > 3 * expected + 200_000_000L;
    }

    /** The peer asked for less: halve the window and pause briefly. */
    void busy(long now) {
        rampUntil = now;
        window = Math.max(1, window / 2);
        resumeAt = now + 100_000_000L;
    }

    /** How long the peer may stay silent with requests in flight. */
    long silenceAllowed(long now, int chunkSize) {
        if (deliveryRate <= 0) {
            return settings.firstReply().toNanos();
        }
        double perChunk = chunkSize / deliveryRate * 1e9;
        long allowed = (long) Math.min(30e9, 4 * perChunk);
        return Math.max(settings.stallTimeout().toNanos(), allowed);
    }

    /** When the link must be looked at next: end of a pause or backoff, its silence deadline, or a request's age. */
    long deadline(long now, int chunkSize) {
        long next = Long.MAX_VALUE;
        if (now - resumeAt < 0) {
            next = resumeAt;
        }
        if (health == Health.ACTIVE && !inflight.isEmpty()) {
            long silence = silenceAllowed(now, chunkSize);
            next = Math.min(next, lastHeard + silence);
            next = Math.min(next, inflight.values().iterator().next().sentAt() + 4 * silence);
        }
        return next;
    }

    boolean stalled(long now, int chunkSize) {
        return health == Health.ACTIVE && !inflight.isEmpty() && now - (lastHeard + silenceAllowed(now, chunkSize)) >= 0;
    }

    /** Requests older than {@code maxAge} (answers lost on the way), removed and returned. */
    List<Request> expired(long now, long maxAge) {
        List<Request> old = new ArrayList<>();
        for (Iterator<Request> it = inflight.values().iterator(); it.hasNext(); ) {
            Request r = it.next();
            if (now - r.sentAt() < maxAge) {
                break;
            }
            old.add(r);
            it.remove();
            removed(r);
        }
        return old;
    }

    /** Stalled or disconnected: drop the socket and try again after a growing pause. Returns what was in flight. */
    List<Request> backOff(ZContext context, long now, String why) {
        failures++;
        long pause = Math.min(settings.maxBackoff().toNanos(), 1_000_000_000L << Math.min(20, failures - 1));
        resumeAt = now + pause;
        health = Health.BACKOFF;
        problem = why;
        return close(context);
    }

    /** Never use this peer again in this download. Returns what was in flight. */
    List<Request> ban(ZContext context, String why) {
        health = Health.BANNED;
        problem = why;
        return close(context);
    }

    /** Closes the socket; returns the requests that were in flight. */
    List<Request> close(ZContext context) {
        if (channel != null) {
            context.destroySocket(channel.socket());
            channel = null;
        }
        List<Request> dropped = new ArrayList<>(inflight.values());
        inflight.clear();
        dropped.forEach(this::removed);
        return dropped;
    }

    /** Frees the window slot of a request taken off the link (a batch's once its last file is off). */
    private void removed(Request r) {
        if (r.batch() == null) {
            slots--;
        } else if (--r.batch().left == 0) {
            batches.remove(r.batch().id);
            slots--;
        }
    }

    @Override
    public String toString() {
        return "peer " + peerId + " (" + endpoint + ")";
    }
}
