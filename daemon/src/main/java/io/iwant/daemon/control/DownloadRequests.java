package io.iwant.daemon.control;

import io.iwant.daemon.leader.LeaderClient;
import io.iwant.daemon.transfer.fetch.DownloadManager;
import io.iwant.protocol.control.DownloadState;
import io.iwant.daemon.transfer.fetch.Progress;
import io.iwant.protocol.UserError;
import io.iwant.protocol.control.ControlReply;
import io.iwant.protocol.control.ControlRequest;
import io.iwant.protocol.control.DownloadState;
import io.iwant.protocol.hash.HashPrefix;
import io.iwant.protocol.peer.PeerMessage;
import io.iwant.protocol.peer.Sync;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The control socket's download requests: start or join a download by hash or unique prefix (following its
 * progress until it is complete and verified, or failed), cancel, retry, clear finished.
 */
final class DownloadRequests {
    private static final Logger log = LoggerFactory.getLogger(DownloadRequests.class);

    private static final long PROGRESS_EVERY_MILLIS = 200;

    private final DownloadManager transfers;
    private final LeaderClient leader;

    DownloadRequests(DownloadManager transfers, LeaderClient leader) {
        this.transfers = transfers;
        this.leader = leader;
    }

    void download(ControlRequest.Download request, ControlHandler.Replies replies) throws IOException {
        HashPrefix prefix = HashPrefix.parse(request.hash());
        String hash = prefix.isFull() ? prefix.hex() : resolve(prefix, replies);
        if (hash == null) {
            return; // the candidates went to the client
        }
        Optional<Progress> known = transfers.progress(hash);
        if (known.isPresent() && finishedInPlace(known.get())) {
            // asked again for what this peer finished and still has: answer at once instead of hashing it again
            replies.send(new ControlReply.Progress(known.get().toReply()));
            finish(known.get(), replies);
            return;
        }
        if (!request.follow()) {
            Progress started = transfers.download(hash);
            replies.send(new ControlReply.Done("downloading " + (started.name().isEmpty() ? hash : started.name())));
            return;
        }
        follow(hash, replies);
    }

    private static boolean finishedInPlace(Progress p) {
        if (p.state() != DownloadState.DONE || p.target().isEmpty()) {
            return false;
        }
        Path target = Path.of(p.target());
        try {
            return p.dir() ? Files.isDirectory(target) : Files.isRegularFile(target) && Files.size(target) == p.size();
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * What a lookup answer names that really starts with the prefix: the leader's answer is checked, not believed,
     * so content whose hash does not match what the user typed is dropped.
     */
    static List<ControlReply.Hit> matching(HashPrefix prefix, PeerMessage answer) {
        if (answer instanceof Sync.Located located) {
            return prefix.matches(located.hash()) ? List.of(new ControlReply.Hit(located.name(), located.size(),
                    located.hash(), located.dir(), located.seeders().size())) : List.of();
        }
        if (answer instanceof Sync.Ambiguous ambiguous) {
            return ambiguous.candidates().stream().filter(c -> prefix.matches(c.hash()))
                    .map(c -> new ControlReply.Hit(c.name(), c.size(), c.hash(), c.dir(), c.peers())).toList();
        }
        return List.of();
    }

    /** The full hash a prefix names, or null after sending the candidates of an ambiguous one. */
    private String resolve(HashPrefix prefix, ControlHandler.Replies replies) throws IOException {
        for (Progress p : transfers.list()) { // a download already known here needs no network
            if (prefix.matches(p.hash())) {
                return p.hash();
            }
        }
        ControlReply.Hit hit = lookup(prefix, replies);
        return hit == null ? null : hit.hash();
    }

    /**
     * What a prefix names, with its name and kind: a download known here by name, else what the leader says (its
     * answer checked against the prefix); null after sending the candidates of an ambiguous one.
     */
    ControlReply.Hit find(HashPrefix prefix, ControlHandler.Replies replies) throws IOException {
        for (Progress p : transfers.list()) {
            if (prefix.matches(p.hash()) && !p.name().isEmpty()) {
                return new ControlReply.Hit(p.name(), p.size(), p.hash(), p.dir(), 0);
            }
        }
        return lookup(prefix, replies);
    }

    private ControlReply.Hit lookup(HashPrefix prefix, ControlHandler.Replies replies) throws IOException {
        PeerMessage answer = leader.lookup(prefix.hex());
        List<ControlReply.Hit> candidates = matching(prefix, answer);
        if (candidates.size() == 1) {
            return candidates.get(0);
        }
        if (!candidates.isEmpty()) {
            replies.send(new ControlReply.Ambiguous(prefix.hex(), candidates));
            return null;
        }
        if (answer instanceof Sync.Located || answer instanceof Sync.Ambiguous) {
            log.warn("the leader answered a lookup of {} with content that does not match it", prefix.hex());
        }
        throw UserError.failed("nothing on the network has a hash that starts with " + prefix.hex());
    }

    private void follow(String hash, ControlHandler.Replies replies) throws IOException {
        LinkedBlockingQueue<Progress> updates = new LinkedBlockingQueue<>();
        Consumer<Progress> listener = p -> {
            if (p.hash().equals(hash)) {
                updates.add(p);
            }
        };
        transfers.addListener(listener);
        try {
            Progress latest = transfers.download(hash);
            long lastSent = 0;
            while (true) {
                Progress next = updates.poll(PROGRESS_EVERY_MILLIS, TimeUnit.MILLISECONDS);
                if (next != null) {
                    latest = next;
                    for (Progress more; (more = updates.poll()) != null; ) {
                        latest = more;
                    }
                } else {
                    latest = transfers.progress(hash).orElse(latest);
                }
                long now = System.nanoTime();
                if (latest.state().finished() || now - lastSent >= PROGRESS_EVERY_MILLIS * 1_000_000) {
                    replies.send(new ControlReply.Progress(latest.toReply()));
                    lastSent = now;
                }
                if (latest.state().finished()) {
                    finish(latest, replies);
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw UserError.failed("the iwant daemon is shutting down");
        } finally {
            transfers.removeListener(listener);
        }
    }

    private static void finish(Progress p, ControlHandler.Replies replies) throws IOException {
        if (p.state() == DownloadState.DONE) {
            replies.send(new ControlReply.Done("downloaded " + p.name() + (p.dir() ? "/" : "") + " to " + p.target()));
        } else if (p.state() == DownloadState.CANCELLED) {
            replies.send(new ControlReply.Failed(UserError.FAILED, "the download of " + p.name()
                    + " was cancelled (download it again to continue where it stopped)"));
        } else {
            replies.send(new ControlReply.Failed(UserError.FAILED, p.reason().isEmpty()
                    ? "the download of " + p.name() + " failed" : p.reason()));
        }
    }

    ControlReply cancel(String prefix) {
        String hash = known(prefix);
        if (!transfers.cancel(hash)) {
            throw UserError.failed("the download " + shortHash(hash) + " has already finished");
        }
        return new ControlReply.Done("cancelled " + shortHash(hash));
    }

    ControlReply retry(String prefix) {
        String hash = known(prefix);
        if (!transfers.retry(hash)) {
            throw UserError.failed("the download " + shortHash(hash) + " is not failed or cancelled");
        }
        return new ControlReply.Done("retrying " + shortHash(hash));
    }

    ControlReply clearFinished() {
        int n = transfers.clearFinished();
        return new ControlReply.Done("cleared " + n + " finished download" + (n == 1 ? "" : "s"));
    }

    /** The one download in the list whose hash starts with the prefix. */
    private String known(String prefix) {
        String p = prefix == null ? "" : prefix.toLowerCase(Locale.ROOT);
        List<String> matches = transfers.list().stream().map(Progress::hash).filter(h -> h.startsWith(p)).toList();
        if (p.isEmpty() || matches.isEmpty()) {
            throw UserError.failed("no download here matches " + prefix);
        }
        if (matches.size() > 1) {
            throw UserError.failed("the prefix " + prefix + " matches " + matches.size() + " downloads; give more digits");
        }
        return matches.get(0);
    }

    private static String shortHash(String hash) {
        return hash.substring(0, 12);
    }
}
