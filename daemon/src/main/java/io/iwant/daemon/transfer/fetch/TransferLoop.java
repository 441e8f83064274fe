package io.iwant.daemon.transfer.fetch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.iwant.daemon.peer.SocketWait;
import io.iwant.daemon.util.Health;
import io.iwant.daemon.util.WorkerThread;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The one thread that fetches chunks for every running download. It creates and owns every DEALER (one per
 * download and seeder), waits for them beside an inbox pipe with a timeout that ends at the next deadline, and lets
 * {@link Traffic} read replies, check deadlines and send requests in between. Other threads talk to it only through
 * {@link #add}, {@link #remove} and {@link #seeders}, which queue work for it; it reports through {@link Events}, on
 * its own thread (implementations must not block).
 */
final class TransferLoop implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TransferLoop.class);

    /** What the loop reports; called on the loop thread. */
    interface Events {
        void progress(ActiveDownload download, long now);

        /** Every chunk of {@code file} is written (its channel may now be flushed and closed). */
        void fileDone(ActiveDownload download, FileTask file);

        /** Every file is complete; the download is no longer in the loop. */
        void done(ActiveDownload download);

        /** The download cannot go on; it is no longer in the loop. */
        void failed(ActiveDownload download, String reason);
    }

    private final ZContext context;
    private final TransferSettings settings;
    private final Events events;
    private final LongSupplier clock;
    private final Inbox inbox = new Inbox();
    private final Traffic traffic;
    private final WorkerThread thread;
    private long nextPublish;

    /** @param health where the loop reports that it died and was restarted; null for an unsupervised loop */
    TransferLoop(ZContext context, TransferSettings settings, Verifier verifier, ChunkBuffers buffers, Events events,
                 LongSupplier clock, Health health) {
        this.context = context;
        this.settings = settings;
        this.events = events;
        this.clock = clock;
        this.traffic = new Traffic(context, settings, verifier, buffers, events, clock, inbox::post);
        this.thread = new WorkerThread("transfer-loop", this::run, t -> inbox.wake(), health);
    }

    void start() {
        thread.start();
    }

    /** Starts fetching a prepared download from the given seeders (any thread). */
    void add(ActiveDownload download, List<SeederDirectory.Seeder> seeders) {
        inbox.post(() -> traffic.add(download, seeders));
    }

    /** Stops a download (any thread): its sockets close, its results are ignored; then {@code then} runs. */
    void remove(String hash, Runnable then) {
        inbox.post(() -> {
            ActiveDownload d = traffic.downloads.get(hash);
            if (d != null) {
                traffic.drop(d);
            }
            then.run();
        });
    }

    /** The seeders of a download as last looked up (any thread); new ones are used at once. */
    void seeders(String hash, List<SeederDirectory.Seeder> seeders) {
        inbox.post(() -> {
            ActiveDownload d = traffic.downloads.get(hash);
            if (d != null && !d.addSeeders(seeders, clock.getAsLong()).isEmpty()) {
                traffic.socketsChanged = true;
            }
        });
    }

    /** Makes the loop look at its downloads again soon (any thread): a reader moved its window. */
    void nudge() {
        inbox.wake();
    }

    /** A link's socket as watched for readiness. */
    private record Registration(ZMQ.Socket socket, SelectionKey key) {
    }

    /**
     * The loop. A run that ends in an exception closes every socket; the supervisor starts another, which first fails
     * the downloads the dead run held (their verified chunks are kept: a retry resumes them).
     */
    private void run() throws IOException {
        for (ActiveDownload d : List.copyOf(traffic.downloads.values())) {
            traffic.drop(d);
            events.failed(d, "the transfer loop stopped after an internal error; retry to resume");
        }
        traffic.socketsChanged = true;
        // One selector for the loop's life: sockets are watched and dropped as links come and go.
        SocketWait readiness = new SocketWait(inbox.wakeChannel());
        Map<PeerLink, Registration> registered = new HashMap<>();
        List<ZMQ.Socket> sockets = new ArrayList<>();
        try {
            // While chunks and results keep coming the loop does not poll: it reads every socket (receiving with
            // DONTWAIT costs no system call when nothing waits) and runs the inbox, and blocks only
            // after a round that found nothing.
            boolean worked = false;
            while (thread.running()) {
                long now = clock.getAsLong();
                if (traffic.socketsChanged) {
                    sync(readiness, registered, now);
                    sockets.clear();
                    registered.values().forEach(r -> sockets.add(r.socket()));
                }
                if (!worked) {
                    long next = traffic.nextDeadline(now);
                    if (!traffic.downloads.isEmpty()) {
                        next = Math.min(next, nextPublish);
                    }
                    inbox.sleeping();
                    long wait = inbox.pending() ? 0 : Math.max(0, Math.min(1000, (next - now + 999_999) / 1_000_000));
                    boolean woken = readiness.await(wait, sockets);
                    inbox.busy();
                    if (woken) {
                        inbox.drain();
                    }
                    now = clock.getAsLong();
                }
                worked = inbox.runAll();
                for (Map.Entry<PeerLink, Registration> e : registered.entrySet()) {
                    PeerLink link = e.getKey();
                    if (link.socket() == e.getValue().socket()) {
                        worked |= traffic.receive(link, now);
                    }
                }
                traffic.checkLinks(now);
                traffic.fill(now);
                publish(now);
            }
        } finally {
            readiness.close();
            traffic.closeAll();
        }
    }

    /** Watches new sockets and stops watching closed ones. */
    private void sync(SocketWait readiness, Map<PeerLink, Registration> registered, long now) {
        List<PeerLink> live = traffic.connectAll(now);
        for (var it = registered.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<PeerLink, Registration> e = it.next();
            if (e.getKey().socket() != e.getValue().socket() || !live.contains(e.getKey())) {
                e.getValue().key().cancel();
                it.remove();
            }
        }
        for (PeerLink link : live) {
            if (!registered.containsKey(link)) {
                registered.put(link, new Registration(link.socket(), readiness.add(link.socket())));
            }
        }
    }

    private void publish(long now) {
        if (now - nextPublish < 0) {
            return;
        }
        nextPublish = now + settings.progressInterval().toNanos();
        for (ActiveDownload d : traffic.downloads.values()) {
            events.progress(d, now);
            if (log.isDebugEnabled()) {
                d.links.values().forEach(link -> log.debug("{} ({} buffered)", link.describe(now), traffic.buffered()));
            }
        }
    }

    @Override
    public void close() {
        thread.stop(Duration.ofSeconds(5));
        inbox.close();
    }
}
