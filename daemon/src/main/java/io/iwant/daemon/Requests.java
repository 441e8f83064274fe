package io.iwant.daemon;

import io.iwant.daemon.control.ControlHandler;
import io.iwant.daemon.discovery.Peer;
import io.iwant.daemon.index.IndexStats;
import io.iwant.protocol.control.ControlReply;
import io.iwant.protocol.control.ControlRequest;
import io.iwant.protocol.home.Settings;
import io.iwant.protocol.peer.Sync;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Answers the control socket's requests from the daemon's parts. */
final class Requests {
    private static final Logger log = LoggerFactory.getLogger(Requests.class);

    private final Daemon daemon;

    Requests(Daemon daemon) {
        this.daemon = daemon;
    }

    void handle(ControlRequest request, ControlHandler.Replies replies) throws IOException {
        if (request instanceof ControlRequest.Status) {
            replies.send(status());
        } else if (request instanceof ControlRequest.ViewConfig) {
            replies.send(config(daemon.settings()));
        } else if (request instanceof ControlRequest.SetFolder set) {
            boolean share = set.kind() == ControlRequest.FolderKind.SHARE;
            Settings after = daemon.config().changeFolder(share, Path.of(set.path()));
            replies.send(new ControlReply.Done(share ? "sharing " + after.share() : "downloading to " + after.downloads()));
        } else if (request instanceof ControlRequest.Search search) {
            replies.send(search(search));
        } else if (request instanceof ControlRequest.Download download) {
            daemon.downloads().download(download, replies);
        } else if (request instanceof ControlRequest.Cancel cancel) {
            replies.send(daemon.downloads().cancel(cancel.hash()));
        } else if (request instanceof ControlRequest.Retry retry) {
            replies.send(daemon.downloads().retry(retry.hash()));
        } else if (request instanceof ControlRequest.ClearFinished) {
            replies.send(daemon.downloads().clearFinished());
        } else if (request instanceof ControlRequest.Stop) {
            log.info("stop requested by a client");
            replies.send(new ControlReply.Done("stopping"));
            daemon.requestStop();
        } else {
            throw new IllegalStateException("unhandled request " + request);
        }
    }

    private ControlReply search(ControlRequest.Search search) {
        Sync.Results results = daemon.peerNetwork().leaderClient().search(search.query(), search.limit());
        return new ControlReply.SearchResults(results.hits().stream()
                .map(h -> new ControlReply.Hit(h.name(), h.size(), h.hash(), h.dir(), h.peers())).toList());
    }

    private ControlReply.Status status() {
        Settings s = daemon.settings();
        List<ControlReply.Member> members = daemon.discovery().members().stream()
                .map(p -> new ControlReply.Member(p.peerId(), p.endpointText(), p.ageMillis(), p.leader(), p.self()))
                .toList();
        String leader = daemon.discovery().leader().map(Peer::peerId).orElse(null);
        IndexStats ix = daemon.index().stats();
        return new ControlReply.Status(daemon.peerId(), Version.current(), daemon.home().toString(),
                s.share().toString(), s.downloads().toString(), daemon.uptimeMillis(), leader, members,
                new ControlReply.IndexState(ix.files(), ix.folders(), ix.bytes(), ix.hashing(), ix.hashedBytes(),
                        ix.pendingBytes()), daemon.downloads().list());
    }

    private static ControlReply.Config config(Settings s) {
        return new ControlReply.Config(s.share().toString(), s.downloads().toString(), s.networkInterface(), s.group(),
                s.port(), s.peers());
    }
}
