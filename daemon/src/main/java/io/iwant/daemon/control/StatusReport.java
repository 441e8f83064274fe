package io.iwant.daemon.control;

import io.iwant.daemon.config.ConfigService;
import io.iwant.daemon.discovery.Discovery;
import io.iwant.daemon.discovery.Peer;
import io.iwant.daemon.discovery.Rung;
import io.iwant.daemon.discovery.Rungs;
import io.iwant.daemon.index.IndexStats;
import io.iwant.daemon.transfer.fetch.DownloadManager;
import io.iwant.daemon.transfer.fetch.Progress;
import io.iwant.daemon.util.Health;
import io.iwant.protocol.control.ControlReply;
import io.iwant.protocol.home.Home;
import io.iwant.protocol.home.Settings;

import java.util.List;
import java.util.function.Supplier;

/**
 * The answer to {@code status}: this peer, its folders and uptime, the members and leader discovery knows, the local
 * index's counts and the downloads, read from the parts at the moment of asking, the network (open or private) and
 * what each rung of discovery does.
 */
public final class StatusReport {
    private final String peerId;
    private final Home home;
    private final long startNanos;
    private final ConfigService config;
    private final Discovery discovery;
    private final Supplier<IndexStats> index;
    private final DownloadManager transfers;
    private final Health health;
    private final ControlReply.Network network;

    /**
     * @param startNanos when the daemon started, on {@link System#nanoTime()}
     * @param network    open or private, as the daemon was started (it does not change while it runs)
     */
    public StatusReport(String peerId, Home home, long startNanos, ConfigService config, Discovery discovery,
                 Supplier<IndexStats> index, DownloadManager transfers, Health health, ControlReply.Network network) {
        this.peerId = peerId;
        this.home = home;
        this.startNanos = startNanos;
        this.config = config;
        this.discovery = discovery;
        this.index = index;
        this.transfers = transfers;
        this.health = health;
        this.network = network;
    }

    /** Open or private, with the fingerprints of the network key and of this peer's key. */
    ControlReply.Network network() {
        return network;
    }

    ControlReply.Status status() {
        Settings s = config.current();
        List<ControlReply.Member> members = discovery.members().stream()
                .map(p -> new ControlReply.Member(p.peerId(), p.endpointText(), p.ageMillis(), p.leader(), p.self()))
                .toList();
        String leader = discovery.leader().map(Peer::peerId).orElse(null);
        IndexStats ix = index.get();
        long uptimeMillis = (System.nanoTime() - startNanos) / 1_000_000;
        return new ControlReply.Status(peerId, Version.current(), home.toString(), s.share().toString(),
                s.downloads().toString(), uptimeMillis, leader, members,
                new ControlReply.IndexState(ix.files(), ix.folders(), ix.bytes(), ix.hashing(), ix.hashedBytes(),
                        ix.pendingBytes()), transfers.list().stream().map(Progress::toReply).toList(),
                health.parts(), new ControlReply.Network(network.mode(), network.fingerprint(), network.peerKey(),
                        discovery.refused().stream().limit(ControlReply.Network.MAX_REFUSED)
                                .map(r -> new ControlReply.Refused(r.address().getHostAddress(), r.sentence(),
                                        r.count(), r.sinceLastMillis())).toList()),
                rungs(discovery.rungs()));
    }

    /** What each rung of discovery does, as {@code status} carries it. */
    static ControlReply.Discovery rungs(Rungs r) {
        return new ControlReply.Discovery(r.multicastHeard(), r.found(Rung.MULTICAST), r.staticPeers(),
                r.found(Rung.STATIC), r.found(Rung.GOSSIP), r.linked(), r.gossipPending(), r.gossipProbes(),
                r.sweep().label(), r.sweepSize(), r.sweeping(), r.sweepSent(), r.found(Rung.SWEEP));
    }
}
