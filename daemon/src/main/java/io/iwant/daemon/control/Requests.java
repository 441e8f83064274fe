package io.iwant.daemon.control;

import io.iwant.daemon.config.ConfigService;
import io.iwant.daemon.leader.LeaderClient;
import io.iwant.daemon.play.PlayServer;
import io.iwant.daemon.transfer.fetch.DownloadManager;
import io.iwant.protocol.control.ControlReply;
import io.iwant.protocol.control.ControlRequest;
import io.iwant.protocol.home.Settings;
import io.iwant.protocol.peer.Sync;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * Answers the control socket's requests from the services it is given: the status report, the configuration, the
 * leader (search) and the downloads, and a way to ask the daemon to stop.
 */
public final class Requests implements ControlHandler {
    private static final Logger log = LoggerFactory.getLogger(Requests.class);

    private final StatusReport status;
    private final ConfigService config;
    private final LeaderClient leader;
    private final DownloadRequests downloads;
    private final StreamRequests streams;
    private final Supplier<ControlReply.Doctor> doctor;
    private final Runnable stop;

    /** @param doctor runs {@code iwanto doctor}'s checks */
    public Requests(StatusReport status, ConfigService config, LeaderClient leader, DownloadManager transfers,
                    PlayServer play, Supplier<ControlReply.Doctor> doctor, Runnable stop) {
        this.doctor = doctor;
        this.status = status;
        this.config = config;
        this.leader = leader;
        this.downloads = new DownloadRequests(transfers, leader);
        this.streams = new StreamRequests(transfers, downloads, play);
        this.stop = stop;
    }

    @Override
    public void handle(ControlRequest request, ControlHandler.Replies replies) throws IOException {
        if (request instanceof ControlRequest.Status) {
            replies.send(status.status());
        } else if (request instanceof ControlRequest.ViewConfig) {
            replies.send(config(config.current(), status.network()));
        } else if (request instanceof ControlRequest.SetFolder set) {
            boolean share = set.kind() == ControlRequest.FolderKind.SHARE;
            Settings after = config.changeFolder(share, Path.of(set.path()));
            replies.send(new ControlReply.Done(share ? "sharing " + after.share() : "downloading to " + after.downloads()));
        } else if (request instanceof ControlRequest.Search search) {
            replies.send(search(search));
        } else if (request instanceof ControlRequest.Download download) {
            downloads.download(download, replies);
        } else if (request instanceof ControlRequest.Stream stream) {
            streams.stream(stream, replies);
        } else if (request instanceof ControlRequest.Play play) {
            ControlReply url = streams.play(play, replies);
            if (url != null) {
                replies.send(url);
            }
        } else if (request instanceof ControlRequest.Cancel cancel) {
            replies.send(downloads.cancel(cancel.hash()));
        } else if (request instanceof ControlRequest.Retry retry) {
            replies.send(downloads.retry(retry.hash()));
        } else if (request instanceof ControlRequest.ClearFinished) {
            replies.send(downloads.clearFinished());
        } else if (request instanceof ControlRequest.Doctor) {
            replies.send(doctor.get());
        } else if (request instanceof ControlRequest.Stop) {
            log.info("stop requested by a client");
            replies.send(new ControlReply.Done("stopping"));
            stop.run();
        } else {
            throw new IllegalStateException("unhandled request " + request);
        }
    }

    private ControlReply search(ControlRequest.Search search) {
        Sync.Results results = leader.search(search.query(), search.limit());
        return new ControlReply.SearchResults(results.hits().stream()
                .map(h -> new ControlReply.Hit(h.name(), h.size(), h.hash(), h.dir(), h.peers())).toList());
    }

    private static ControlReply.Config config(Settings s, ControlReply.Network network) {
        return new ControlReply.Config(s.share().toString(), s.downloads().toString(), s.networkInterface(), s.group(),
                s.port(), s.peers(), network, s.sweep());
    }
}
