package io.iwant.daemon.discovery;

import io.iwant.daemon.election.Leader;
import io.iwant.daemon.util.Health;
import io.iwant.daemon.util.WorkerThread;
import io.iwant.protocol.home.NetworkInterfaces;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * Discovery and leader election for one peer: beacons on UDP multicast (and to static peers), a membership view
 * with failure detection, and the election, all in one {@link DiscoveryNode} driven with the real monotonic clock
 * by a {@link DiscoveryLoop}. One thread, "iwant-discovery", owns the sockets and all state; {@link #members()},
 * {@link #leader()}, {@link #stats()} and {@link #refused()} read snapshots it publishes and may be called from any
 * thread. Events reach the {@link DiscoveryListener} on that thread. With a network key in its settings, the peer is
 * in a private network: it seals every datagram it sends and lets in only datagrams sealed with that key, each once.
 *
 * <pre>{@code
 * Discovery discovery = new Discovery(settings, listener);
 * discovery.start();          // opens the sockets; a UserError if it cannot
 * discovery.leader();         // Optional<Peer>, with the leader's TCP endpoint
 * discovery.close();          // says good-bye, within well under a second
 * }</pre>
 */
public final class Discovery implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Discovery.class);
    private static final long CLOSE_WAIT_MILLIS = 2_000;
    /** The daemon's clock: monotonic, in milliseconds. */
    static final LongSupplier MONOTONIC_MILLIS = () -> System.nanoTime() / 1_000_000;

    /** Datagram counters since start. */
    public record Stats(long received, long foreign, long malformed, long oversized, long sent, long unsent) {
    }

    private record View(List<Membership.Member> members, String leaderId, long term, Rungs rungs) {
    }

    private final DiscoverySettings settings;
    private final DiscoveryListener listener;
    private final Random random;
    private final LongSupplier clock;
    private volatile View view = new View(List.of(), null, 0, Rungs.NONE);
    private volatile boolean closing;
    private WorkerThread thread;
    private final Health health;
    private DiscoveryChannels channels;
    private DiscoveryLoop loop;
    private volatile InetAddress selfAddress;
    private volatile long startedAt;

    public Discovery(DiscoverySettings settings, DiscoveryListener listener) {
        this(settings, listener, new SecureRandom(), MONOTONIC_MILLIS, null);
    }

    /** Discovery whose thread is supervised: a run that dies is reported to {@code health} and started again. */
    public Discovery(DiscoverySettings settings, DiscoveryListener listener, Health health) {
        this(settings, listener, new SecureRandom(), MONOTONIC_MILLIS, health);
    }

    /** With a given source of incarnation, secrets and jitter, and a given monotonic clock in ms (tests). */
    Discovery(DiscoverySettings settings, DiscoveryListener listener, Random random, LongSupplier clock) {
        this(settings, listener, random, clock, null);
    }

    private Discovery(DiscoverySettings settings, DiscoveryListener listener, Random random, LongSupplier clock,
                      Health health) {
        this.health = health;
        this.settings = Objects.requireNonNull(settings, "settings");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.random = Objects.requireNonNull(random, "random");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Opens the sockets on the configured interface and starts the discovery thread.
     *
     * @throws io.iwant.protocol.UserError when the sockets cannot be opened (interface without IPv4, port in use)
     */
    public synchronized void start() {
        if (thread != null || closing) {
            throw new IllegalStateException("discovery was already started");
        }
        channels = DiscoveryChannels.open(settings.networkInterface(), settings.group(), settings.networkKey());
        selfAddress = channels.unicastAddress().getAddress();
        startedAt = clock.getAsLong();
        InetSocketAddress own = channels.unicastAddress();
        InetSocketAddress ownGroup = new InetSocketAddress(own.getAddress(), settings.group().getPort());
        DiscoveryNode node = new DiscoveryNode(settings.peerId(), settings.tcpPort(), settings.staticPeers(),
                settings.timings(), startedAt, random, settings.networkKey() != null,
                address -> !address.equals(own) && !address.equals(ownGroup)
                        && !channels.subnetBroadcast(address.getAddress()),
                new Sweep(settings.sweep(), channels.sweepTargets(settings.sweep(), settings.group().getPort()),
                        startedAt));
        loop = new DiscoveryLoop(this, channels, node, DatagramGate.of(settings.networkKey(), node.incarnation()),
                listener, clock, settings.staticPeers().stream().map(InetSocketAddress::getAddress)
                .collect(Collectors.toSet()));
        publish(node);
        DiscoveryLoop body = loop;
        DiscoveryChannels owned = channels;
        // The loop catches what one datagram or one round can cause; anything else ends the run, and the
        // supervisor runs it again on the same sockets. The sockets close when discovery stops.
        WorkerThread[] self = new WorkerThread[1];
        self[0] = new WorkerThread("iwant-discovery", () -> body.run(() -> !self[0].running()),
                t -> owned.selector.wakeup(), health);
        thread = self[0];
        thread.start();
        log.info("Discovery on {}, group {}:{}, {} static peers, gossip, sweep {}, peer id {}, {}",
                NetworkInterfaces.describe(settings.networkInterface()), settings.group().getAddress().getHostAddress(),
                settings.group().getPort(), settings.staticPeers().size(), settings.sweep().label(), settings.peerId(),
                settings.networkKey() == null ? "open network" : "private network " + settings.networkKey()
                        .fingerprint());
    }

    /** Says good-bye to the others and stops; returns once the sockets are closed. Idempotent. */
    @Override
    public void close() {
        WorkerThread running;
        synchronized (this) {
            if (closing) {
                return;
            }
            closing = true;
            running = thread;
        }
        if (running == null) {
            return;
        }
        running.stop(Duration.ofMillis(CLOSE_WAIT_MILLIS));
        channels.close();
    }

    /** This peer first, then every peer it hears, with their ages now. Empty before {@link #start()}. */
    public List<Peer> members() {
        View current = view;
        InetAddress self = selfAddress;
        if (self == null) {
            return List.of();
        }
        long now = clock.getAsLong();
        List<Peer> peers = new ArrayList<>(current.members().size() + 1);
        peers.add(new Peer(settings.peerId(), self, settings.tcpPort(), now - startedAt,
                settings.peerId().equals(current.leaderId()), true));
        for (Membership.Member member : current.members()) {
            peers.add(toPeer(member, now, member.peerId().equals(current.leaderId())));
        }
        return peers;
    }

    /** The leader this peer follows (possibly itself), with its TCP endpoint; empty while none is known. */
    public Optional<Peer> leader() {
        if (view.leaderId() == null) {
            return Optional.empty();
        }
        return members().stream().filter(Peer::leader).findFirst();
    }

    /** The term of the current leadership, or the highest term seen while there is none. */
    public long term() {
        return view.term();
    }

    public String peerId() {
        return settings.peerId();
    }

    public Stats stats() {
        DiscoveryLoop current = loop;
        if (current == null) {
            return new Stats(0, 0, 0, 0, 0, 0);
        }
        return new Stats(current.received.get(), current.foreign.get(), current.malformed.get(),
                current.oversized.get(), current.sent.get(), current.unsent.get());
    }

    /**
     * The other peers whose datagrams were refused since start (another network, forged, replayed), per address and
     * reason, most recently refused first; empty before {@link #start()}.
     */
    public List<Refusal> refused() {
        DiscoveryLoop current = loop;
        return current == null ? List.of() : current.refusals.snapshot(clock.getAsLong());
    }

    /** What each rung of discovery does: multicast, static peers, gossip, sweep. */
    public Rungs rungs() {
        return view.rungs();
    }

    /** What discovery has heard since start, and from where ({@code iwanto doctor}); empty before {@link #start()}. */
    public Hearing.Snapshot hearing() {
        DiscoveryLoop current = loop;
        return current == null ? new Hearing().snapshot(0) : current.hearing.snapshot(clock.getAsLong());
    }

    /** What this discovery was started with. */
    public DiscoverySettings settings() {
        return settings;
    }

    /** Called by the discovery thread after every change. */
    void publish(DiscoveryNode node) {
        view = new View(List.copyOf(node.members()), node.leader().map(Leader::peerId).orElse(null), node.term(),
                node.rungs(clock.getAsLong()));
    }

    static Peer toPeer(Membership.Member member, long now, boolean leader) {
        return new Peer(member.peerId(), member.source().getAddress(), member.tcpPort(), now - member.start(), leader,
                false);
    }
}
