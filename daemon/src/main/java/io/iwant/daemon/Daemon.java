package io.iwant.daemon;

import io.iwant.daemon.config.ConfigService;
import io.iwant.daemon.control.ControlHandler;
import io.iwant.daemon.control.ControlServer;
import io.iwant.daemon.index.IndexStats;
import io.iwant.daemon.index.LocalIndex;
import io.iwant.daemon.discovery.Discovery;
import io.iwant.daemon.discovery.DiscoveryListener;
import io.iwant.daemon.discovery.DiscoverySettings;
import io.iwant.daemon.discovery.Interfaces;
import io.iwant.daemon.discovery.Peer;
import io.iwant.daemon.store.Db;
import io.iwant.protocol.UserError;
import io.iwant.protocol.control.ControlReply;
import io.iwant.protocol.control.ControlRequest;
import io.iwant.protocol.home.Folders;
import io.iwant.protocol.home.Home;
import io.iwant.protocol.home.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * One peer: takes the home's lock, loads and validates the configuration, opens the database and the control
 * socket, and wires the capabilities together. {@link #close()} undoes it all in reverse order, lock last.
 */
public final class Daemon implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Daemon.class);

    private final Home home;
    private final long startNanos = System.nanoTime();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final List<String> notices = new ArrayList<>();
    private HomeLock lock;
    private Db db;
    private String peerId;
    private ConfigService config;
    private LocalIndex index;
    private ControlServer control;
    private Discovery discovery;
    private String network;
    private boolean closed;

    private Daemon(Home home) {
        this.home = home;
    }

    /** Starts a daemon on a home; throws {@link UserError} with one sentence when it cannot. */
    public static Daemon start(Home home, StartOptions options) throws IOException {
        Daemon daemon = new Daemon(home);
        try {
            daemon.open(options);
            return daemon;
        } catch (IOException | RuntimeException e) {
            daemon.close();
            throw e;
        }
    }

    private void open(StartOptions options) throws IOException {
        home.create();
        lock = HomeLock.acquire(home);
        Settings settings = settings(options);
        db = Db.open(home.db());
        peerId = PeerId.load(db);
        config = new ConfigService(home, settings);
        index = new LocalIndex(db);
        index.start(settings.share(), settings.downloads());
        config.onChange(this::foldersChanged);
        discovery = startDiscovery(settings, new DiscoveryListener() {
        });
        control = ControlServer.start(home, this::handle); // last: once the socket exists, everything answers
        log.info("iwant daemon {} started on {}: sharing {}, downloading to {}", peerId, home, settings.share(),
                settings.downloads());
    }

    /** The configuration from the file, overridden by the command line, with first-start defaults, validated. */
    private Settings settings(StartOptions options) throws IOException {
        Settings stored;
        try {
            stored = Settings.load(home.config());
        } catch (IOException e) {
            throw UserError.failed("cannot read " + home.config() + ": " + e.getMessage());
        }
        Settings s = stored.withNetwork(
                options.networkInterface() != null ? options.networkInterface() : stored.networkInterface(),
                options.group() != null ? options.group() : stored.group(),
                options.port() != null ? options.port() : stored.port(),
                options.peers() != null ? options.peers() : stored.peers());
        Folders.Pair defaults = Folders.defaults();
        Path share = options.share() != null ? options.share() : s.share();
        Path downloads = options.downloads() != null ? options.downloads() : s.downloads();
        if (share == null) {
            share = defaults.share();
            if (!Files.exists(share)) {
                Files.createDirectories(share);
                notices.add("first start: created " + share + " to share; change it with: iwanto share PATH");
            }
        }
        if (downloads == null) {
            downloads = defaults.downloads();
            if (!Files.exists(downloads)) {
                notices.add("first start: downloads go to " + downloads + "; change it with: iwanto download to PATH");
            }
        }
        Folders.Pair pair = Folders.validate(share, downloads);
        Settings validated = s.withFolders(pair.share(), pair.downloads());
        if (!validated.equals(stored)) {
            validated.save(home.config());
        }
        return validated;
    }

    /**
     * Discovery on the configured interface, or on the interface of the default route when none is configured.
     * The advertised TCP port is the configured peer port.
     */
    private Discovery startDiscovery(Settings settings, DiscoveryListener listener) {
        NetworkInterface networkInterface = settings.networkInterface() != null
                ? Interfaces.resolve(settings.networkInterface()) : Interfaces.defaultInterface();
        InetSocketAddress group = Interfaces.parseGroup(settings.group());
        List<InetSocketAddress> peers = settings.peers().stream().map(Interfaces::parsePeer).toList();
        Discovery started = new Discovery(new DiscoverySettings(peerId, networkInterface, group, peers,
                settings.port()), listener);
        started.start();
        network = Interfaces.describe(networkInterface) + ", group " + settings.group()
                + (peers.isEmpty() ? "" : ", static peers " + String.join(",", settings.peers()));
        return started;
    }

    public String peerId() {
        return peerId;
    }

    /** The interface, group and static peers discovery runs on, for the start banner. */
    public String network() {
        return network;
    }

    /** Discovery and election: members, leader, events. */
    public Discovery discovery() {
        return discovery;
    }

    public Home home() {
        return home;
    }

    public Settings settings() {
        return config.current();
    }

    /** Things worth telling the user once at start (first-start defaults and the like). */
    public List<String> notices() {
        return List.copyOf(notices);
    }

    /** Blocks until a client asked the daemon to stop or it was closed. */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    private void handle(ControlRequest request, ControlHandler.Replies replies) throws IOException {
        if (request instanceof ControlRequest.Status) {
            replies.send(status());
        } else if (request instanceof ControlRequest.ViewConfig) {
            replies.send(configReply(config.current()));
        } else if (request instanceof ControlRequest.SetFolder set) {
            boolean share = set.kind() == ControlRequest.FolderKind.SHARE;
            Settings after = config.changeFolder(share, Path.of(set.path()));
            replies.send(new ControlReply.Done(share ? "sharing " + after.share() : "downloading to " + after.downloads()));
        } else if (request instanceof ControlRequest.Stop) {
            log.info("stop requested by a client");
            replies.send(new ControlReply.Done("stopping"));
            stopped.countDown();
        } else {
            replies.send(new ControlReply.Failed(UserError.FAILED,
                    "this daemon cannot do that yet: " + request.getClass().getSimpleName().toLowerCase()));
        }
    }

    private ControlReply.Status status() {
        Settings s = config.current();
        long uptime = (System.nanoTime() - startNanos) / 1_000_000;
        List<ControlReply.Member> members = discovery.members().stream()
                .map(p -> new ControlReply.Member(p.peerId(), p.endpointText(), p.ageMillis(), p.leader(), p.self()))
                .toList();
        String leader = discovery.leader().map(Peer::peerId).orElse(null);
        return new ControlReply.Status(peerId, Version.current(), home.toString(), s.share().toString(),
                s.downloads().toString(), uptime, leader, members,
                indexState(index.stats()), List.of());
    }

    private static ControlReply.IndexState indexState(IndexStats stats) {
        return new ControlReply.IndexState(stats.files(), stats.folders(), stats.bytes(), stats.hashing(),
                stats.hashedBytes(), stats.pendingBytes());
    }

    /** The shared or download folder changed (already validated and saved): index the new pair. */
    private void foldersChanged(Settings after) {
        try {
            index.changeFolders(after.share(), after.downloads());
        } catch (IOException e) {
            log.warn("cannot index {}: {}", after.share(), e.getMessage());
        }
    }

    /** What this peer shares; for index sync and the chunk server. */
    public LocalIndex index() {
        return index;
    }

    private static ControlReply.Config configReply(Settings s) {
        return new ControlReply.Config(s.share().toString(), s.downloads().toString(), s.networkInterface(), s.group(),
                s.port(), s.peers());
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopped.countDown();
        if (discovery != null) {
            discovery.close();
        }
        if (control != null) {
            control.close();
        }
        if (index != null) {
            index.close();
        }
        if (db != null) {
            db.close();
        }
        if (lock != null) {
            try {
                lock.close();
            } catch (IOException e) {
                log.warn("could not release {}", home.lock(), e);
            }
        }
        if (peerId != null) {
            log.info("iwant daemon {} stopped", peerId);
        }
    }
}
