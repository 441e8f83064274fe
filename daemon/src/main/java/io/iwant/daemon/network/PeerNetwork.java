package io.iwant.daemon.network;

import io.iwant.daemon.discovery.Discovery;
import io.iwant.daemon.discovery.DiscoveryListener;
import io.iwant.daemon.discovery.DiscoverySettings;
import io.iwant.daemon.discovery.Interfaces;
import io.iwant.daemon.discovery.Peer;
import io.iwant.daemon.discovery.SweepMode;
import io.iwant.daemon.election.Timings;
import io.iwant.daemon.leader.sync.IndexPublisher;
import io.iwant.daemon.leader.sync.IndexSource;
import io.iwant.daemon.leader.LeaderClient;
import io.iwant.daemon.leader.LeaderRef;
import io.iwant.daemon.leader.MemberFallback;
import io.iwant.daemon.leader.search.NetworkIndex;
import io.iwant.daemon.leader.sync.SyncServer;
import io.iwant.daemon.peer.PeerContext;
import io.iwant.protocol.secure.Session;
import io.iwant.daemon.peer.PeerServer;
import io.iwant.daemon.util.Health;
import io.iwant.protocol.UserError;
import io.iwant.protocol.home.NetworkInterfaces;
import io.iwant.protocol.home.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.ZContext;

import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Everything that crosses the network: the peer socket (ROUTER) on the discovery interface's address, discovery and
 * election, index sync with the leader, and search and lookup through it. Discovery events are handed to one
 * thread of their own, so a large peer leaving never delays beacons.
 */
public final class PeerNetwork implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PeerNetwork.class);
    private static final int PEER_WORKERS = 4;
    /** How long members asked directly (the leader found nothing) have to answer. */
    private static final Duration MEMBERS_ANSWER_WITHIN = Duration.ofMillis(1500);

    private PeerContext context;
    private static final long RECONCILE_MILLIS = 250;

    private final ScheduledExecutorService events = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "network-events");
        t.setDaemon(true);
        return t;
    });
    // owned by the events thread
    private String followed;
    private long followedTerm = -1;
    private boolean wasLeading;
    private PeerServer server;
    private SyncServer sync;
    private IndexPublisher publisher;
    private volatile Discovery discovery;
    private LeaderClient leaderClient;
    private String description;
    private volatile NetworkAccess access;

    /**
     * Binds the peer socket and starts discovery and index sync.
     *
     * @param access   open or private, and this peer's key
     * @param own      what this peer answers about its own content, asked directly by members (and by itself)
     * @param handlers registers further request handlers on the peer socket before it starts (transfer)
     */
    public void start(String peerId, Settings settings, NetworkAccess access, IndexSource index, LocalAnswers own,
                      Consumer<PeerServer> handlers, Health health) {
        this.access = access;
        this.context = new PeerContext(access.key(), access.peer());
        if (access.isPrivate()) {
            Thread warmUp = new Thread(Session::warmUp, "crypto-warm-up");
            warmUp.setDaemon(true);
            warmUp.setPriority(Thread.MIN_PRIORITY);
            warmUp.start();
        }
        NetworkInterface networkInterface = settings.networkInterface() != null
                ? NetworkInterfaces.resolve(settings.networkInterface()) : NetworkInterfaces.defaultInterface();
        Inet4Address address = NetworkInterfaces.ipv4(networkInterface).orElseThrow(() -> UserError.failed("the "
                + "interface " + networkInterface.getName() + " has no IPv4 address; choose another with --interface"));
        String host = address.getHostAddress();
        server = new PeerServer(context, host, settings.port(), PEER_WORKERS, health);
        sync = new SyncServer(new NetworkIndex(), this::leading,
                SyncServer.Members.of(this::memberEndpoint, this::memberIds));
        sync.register(server);
        own.register(server);
        handlers.accept(server);
        int port;
        try {
            port = server.start();
        } catch (IllegalStateException e) {
            throw UserError.failed(e.getMessage() + "; choose another with --port (0 = any free port)");
        }
        String endpoint = host + ":" + port;
        publisher = new IndexPublisher(context, peerId, endpoint, index, health);
        MemberFallback members = new MemberFallback(context, this::members, own, MEMBERS_ANSWER_WITHIN);
        leaderClient = new LeaderClient(context, sync, this::leaderRef, members, Duration.ofSeconds(3),
                Duration.ofSeconds(2));
        InetSocketAddress group = Interfaces.parseGroup(settings.group());
        List<InetSocketAddress> peers = settings.peers().stream().map(Interfaces::parsePeer).toList();
        discovery = new Discovery(new DiscoverySettings(peerId, networkInterface, group, peers, port, Timings.DEFAULT,
                access.key(), SweepMode.parse(settings.sweep())), listener(), health);
        publisher.start();
        discovery.start();
        events.scheduleWithFixedDelay(this::reconcile, RECONCILE_MILLIS, RECONCILE_MILLIS, TimeUnit.MILLISECONDS);
        description = NetworkInterfaces.describe(networkInterface) + ", peer port " + port + ", group "
                + settings.group()
                + (peers.isEmpty() ? "" : ", static peers " + String.join(",", settings.peers()))
                + ", sweep " + settings.sweep()
                + (settings.networkInterface() == null ? defaultNote(networkInterface) : "");
        log.info("network: {}", description);
    }

    /** Open or private (null before {@link #start}). */
    public NetworkAccess access() {
        return access;
    }

    /** Says that the interface was picked from the default route, and which others could be chosen instead. */
    private static String defaultNote(NetworkInterface chosen) {
        List<String> others = NetworkInterfaces.candidates().stream().filter(c -> !c.getName().equals(chosen.getName()))
                .map(NetworkInterfaces::describe).toList();
        return "\n             (the interface of the default route"
                + (others.isEmpty() ? "" : "; others: " + String.join(", ", others))
                + "; choose with --interface NAME)";
    }

    private DiscoveryListener listener() {
        return new DiscoveryListener() {
            @Override
            public void leaderChanged(Optional<Peer> leader, long term) {
                log.info("leader is now {} (term {})", leader.map(Peer::peerId).orElse("unknown"), term);
                events.execute(PeerNetwork.this::reconcile);
            }

            @Override
            public void memberLeft(Peer peer) {
                events.execute(() -> sync.memberLeft(peer.peerId()));
            }
        };
    }

    /**
     * Brings index sync in line with discovery's current leader and members. Runs on every leader event and a few
     * times a second, because a leader's peer port becomes known only with its first beacon, which can come after its
     * victory, and a member's departure reaches the membership view only after its event.
     */
    private void reconcile() {
        sync.retainMembers();
        Optional<Peer> leader = discovery.leader().filter(p -> p.tcpPort() != 0);
        String target = leader.map(Peer::endpointText).orElse(null);
        long term = discovery.term();
        boolean leading = leader.map(Peer::self).orElse(false);
        if (java.util.Objects.equals(target, followed) && term == followedTerm && leading == wasLeading) {
            return;
        }
        followed = target;
        followedTerm = term;
        wasLeading = leading;
        sync.leadershipChanged(leading);
        publisher.leaderChanged(target);
    }

    private boolean leading() {
        return discovery != null && discovery.leader().map(Peer::self).orElse(false);
    }

    /**
     * A current member's peer endpoint as discovery knows it: its address and advertised port (index sync, and the
     * one place a connect-back may go).
     */
    public Optional<InetSocketAddress> memberEndpoint(String peerId) {
        Discovery current = discovery;
        if (current == null) {
            return Optional.empty();
        }
        return current.members().stream().filter(p -> p.peerId().equals(peerId) && p.tcpPort() != 0)
                .map(Peer::tcpEndpoint).findFirst();
    }

    /** The ids of the members whose peer port is known, this peer included. */
    private Set<String> memberIds() {
        Discovery current = discovery;
        if (current == null) {
            return Set.of();
        }
        return current.members().stream().filter(p -> p.tcpPort() != 0).map(Peer::peerId)
                .collect(Collectors.toSet());
    }

    private Optional<LeaderRef> leaderRef() {
        return discovery.leader().filter(p -> p.tcpPort() != 0)
                .map(p -> new LeaderRef(p.peerId(), p.endpointText(), p.self()));
    }

    private List<MemberFallback.Member> members() {
        return discovery.members().stream().filter(p -> p.tcpPort() != 0)
                .map(p -> new MemberFallback.Member(p.peerId(), p.endpointText(), p.self())).toList();
    }

    public ZContext context() {
        return context;
    }

    public Discovery discovery() {
        return discovery;
    }

    public LeaderClient leaderClient() {
        return leaderClient;
    }

    /** Interface, peer port, group and static peers, for the start banner. */
    public String description() {
        return description;
    }

    @Override
    public void close() {
        if (discovery != null) {
            discovery.close();
        }
        if (publisher != null) {
            publisher.close();
        }
        events.shutdownNow();
        if (server != null) {
            server.close();
        }
        try {
            events.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (context != null) {
            context.close();
        }
    }
}
