package io.iwant.daemon.peer;

import io.iwant.protocol.peer.PeerMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Where the peer socket's requests run (see {@link PeerServer.Lane}): the worker pool, served one request per client
 * in turn; the ROUTER thread itself for quick requests while they stay quick; one thread in arrival order for the
 * ordered lane. Finished replies wait in a queue for the ROUTER thread. {@link #submit}, {@link #schedule} and
 * {@link #finished} are called on the ROUTER thread only; handlers run wherever their lane says.
 */
final class Lanes implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Lanes.class);

    /** A handler and its lane; {@code sourced} when the handler reads the request's source address. */
    record Route(PeerServer.SourcedHandler handler, PeerServer.Lane lane, boolean sourced) {
    }

    /**
     * A request to run: from whom (the ROUTER identity and its hex, the connection's IP address or null), what,
     * where, and its size on the wire.
     */
    record Job(byte[] identity, String client, InetAddress source, PeerMessage request, Route route, int bytes) {
    }

    /** A handler's reply (null for none), to be sent by the ROUTER thread. */
    record Finished(byte[] identity, String client, PeerServer.Reply reply, boolean pooled) {
    }

    private final int workers;
    private final Runnable wake;
    private final LongSupplier clock;
    private final ExecutorService pool;
    private final ExecutorService ordered;
    private final ConcurrentLinkedQueue<Finished> finished = new ConcurrentLinkedQueue<>();
    /** Bytes of requests waiting in the ordered lane (they are decoded, so they hold about that much memory). */
    private final AtomicLong orderedBytes = new AtomicLong();
    /** Mean run time of QUICK requests (moving average, updated racily by whichever thread ran one). */
    private volatile long quickMean;
    // owned by the ROUTER thread
    private final ClientQueues<Job> waiting =
            new ClientQueues<>(PeerServer.MAX_QUEUED_PER_CLIENT, PeerServer.MAX_QUEUED_BYTES);
    private int inFlight;

    /**
     * @param wake  wakes the ROUTER thread when a reply is ready
     * @param clock nanoseconds, for the quick lane's run times
     */
    Lanes(int workers, Runnable wake, LongSupplier clock) {
        this.clock = clock;
        this.workers = workers;
        this.wake = wake;
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(workers, r -> daemonThread(r, "peer-worker-" + n.incrementAndGet()));
        this.ordered = Executors.newSingleThreadExecutor(r -> daemonThread(r, "peer-ordered"));
    }

    private static Thread daemonThread(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Queues a request in its lane; false, queuing nothing, when that lane is full for this client or in bytes. */
    boolean submit(Job job) {
        if (job.route().lane() != PeerServer.Lane.ORDERED) {
            return waiting.offer(job.client(), job, job.bytes());
        }
        if (orderedBytes.addAndGet(job.bytes()) > PeerServer.MAX_QUEUED_BYTES) {
            orderedBytes.addAndGet(-job.bytes());
            return false;
        }
        ordered.execute(() -> {
            orderedBytes.addAndGet(-job.bytes());
            execute(job, false);
        });
        return true;
    }

    /**
     * Starts queued jobs, taking one job per client in turn: quick ones right here while they stay quick, the
     * others while pool workers are free. True if it ran any here (their replies wait in the queue).
     */
    boolean schedule() {
        boolean ranHere = false;
        Job job;
        while ((job = waiting.peek()) != null) {
            boolean here = job.route().lane() == PeerServer.Lane.QUICK && quickMean < PeerServer.QUICK_NANOS;
            if (!here && inFlight >= workers) {
                return ranHere;
            }
            waiting.take();
            if (here) {
                execute(job, false); // its reply goes out in the loop's next round, without a wake-up
                ranHere = true;
            } else {
                inFlight++;
                Job pooled = job;
                pool.execute(() -> execute(pooled, true));
            }
        }
        return ranHere;
    }

    /** The next finished reply, or null; frees its pool worker's place. */
    Finished finished() {
        Finished done = finished.poll();
        if (done != null && done.pooled()) {
            inFlight--;
        }
        return done;
    }

    boolean nothingFinished() {
        return finished.isEmpty();
    }

    private void execute(Job job, boolean pooled) {
        PeerServer.Reply reply;
        long start = clock.getAsLong();
        try {
            reply = job.route().handler().handle(job.client(), job.source(), job.request());
        } catch (IOException | RuntimeException e) {
            log.warn("{} from client {} failed", job.request().getClass().getSimpleName(), job.client(), e);
            reply = PeerServer.Reply.of(new PeerMessage.Refused("the request failed on this peer", true));
        }
        if (job.route().lane() == PeerServer.Lane.QUICK) {
            long took = clock.getAsLong() - start;
            quickMean += (took - quickMean) / 8;
        }
        finished.add(new Finished(job.identity(), job.client(), reply, pooled));
        wake.run();
    }

    @Override
    public void close() {
        pool.shutdownNow();
        ordered.shutdownNow();
        try {
            pool.awaitTermination(1, TimeUnit.SECONDS);
            ordered.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
