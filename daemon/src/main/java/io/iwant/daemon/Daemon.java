package io.iwant.daemon;

import io.iwant.daemon.config.ConfigService;
import io.iwant.daemon.control.ControlServer;
import io.iwant.daemon.control.Requests;
import io.iwant.daemon.control.StatusReport;
import io.iwant.daemon.control.Version;
import io.iwant.daemon.doctor.ConnectBackServer;
import io.iwant.daemon.doctor.Doctor;
import io.iwant.daemon.index.LocalIndex;
import io.iwant.daemon.network.IndexContent;
import io.iwant.daemon.network.KeyChoice;
import io.iwant.daemon.network.LeaderDirectory;
import io.iwant.daemon.network.LocalAnswers;
import io.iwant.daemon.network.PeerId;
import io.iwant.daemon.network.NetworkAccess;
import io.iwant.daemon.network.PeerNetwork;
import io.iwant.daemon.play.PlayServer;
import io.iwant.daemon.transfer.seed.ChunkServer;
import io.iwant.daemon.util.Health;
import io.iwant.daemon.transfer.fetch.DownloadManager;
import io.iwant.daemon.transfer.fetch.TransferSettings;
import io.iwant.daemon.store.Db;
import io.iwant.protocol.UserError;
import io.iwant.protocol.home.Folders;
import io.iwant.protocol.home.Home;
import io.iwant.protocol.home.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
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
    /** What runs and what has died: every supervised part reports here, and status shows it. */
    private final Health health = new Health();
    private HomeLock lock;
    private Db db;
    private String peerId;
    private ConfigService config;
    private ControlServer control;
    private LocalIndex index;
    private PeerNetwork network;
    private DownloadManager transfers;
    private PlayServer play;
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
        KeyChoice keyChoice = options.networkKey() == null ? null : KeyChoice.parse(options.networkKey());
        home.create();
        lock = HomeLock.acquire(home);
        Settings settings = settings(options);
        db = Db.open(home.db());
        peerId = PeerId.load(db);
        if (keyChoice != null) {
            keyChoice.save(home).ifPresent(notices::add);
        }
        NetworkAccess access = NetworkAccess.load(home);
        config = new ConfigService(home, settings);
        index = new LocalIndex(db, health);
        index.start(settings.share(), settings.downloads());
        config.onChange(this::foldersChanged);
        IndexContent content = new IndexContent(index);
        network = new PeerNetwork();
        network.start(peerId, settings, access, index, new LocalAnswers(index),
                server -> {
                    new ChunkServer(content).register(server);
                    new ConnectBackServer(network.context(), network::memberEndpoint, Version.current())
                            .register(server);
                }, health);
        transfers = new DownloadManager(db, network.context(), new LeaderDirectory(network.leaderClient(), peerId),
                content, () -> config.current().downloads(), TransferSettings.defaults(), health);
        transfers.start();
        StatusReport status = new StatusReport(peerId, home, startNanos, config, network.discovery(), index::stats,
                transfers, health, access.toReply());
        play = new PlayServer(transfers);
        Doctor doctor = new Doctor(network.discovery(), network.context(), settings.networkInterface(),
                settings.port(), access.fingerprint());
        Requests requests = new Requests(status, config, network.leaderClient(), transfers, play, doctor::examine,
                stopped::countDown);
        control = ControlServer.start(home, requests, health); // last: once the socket exists, everything answers
        log.info("iwant daemon {} started on {}: sharing {}, downloading to {}", peerId, home, settings.share(),
                settings.downloads());
    }

    private void foldersChanged(Settings settings) {
        try {
            index.changeFolders(settings.share(), settings.downloads());
        } catch (IOException e) {
            throw UserError.failed("cannot index " + settings.share() + ": " + e.getMessage());
        }
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
                options.peers() != null ? options.peers() : stored.peers())
                .withSweep(options.sweep() != null ? options.sweep() : stored.sweep());
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
        Folders.Pair pair = Folders.validate(share, downloads, home.dir());
        Settings validated = s.withFolders(pair.share(), pair.downloads());
        if (!validated.equals(stored)) {
            validated.save(home.config());
        }
        return validated;
    }

    public String peerId() {
        return peerId;
    }

    /** The interface, peer port, group and static peers, for the start banner. */
    public String network() {
        return network.description();
    }

    /** Open or private, for the start banner: the key's fingerprint, never the key. */
    public String access() {
        NetworkAccess access = network.access();
        return access.isPrivate() ? "private, key fingerprint " + access.fingerprint()
                : "open (anyone on this segment can join; iwanto key new makes a private network)";
    }

    /** The local index, for tests that look past the control socket's counts. */
    LocalIndex index() {
        return index;
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

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopped.countDown();
        if (control != null) {
            control.close();
        }
        if (play != null) {
            play.close();
        }
        if (transfers != null) {
            transfers.close();
        }
        if (network != null) {
            network.close();
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
