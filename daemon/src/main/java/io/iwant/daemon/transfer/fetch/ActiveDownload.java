package io.iwant.daemon.transfer.fetch;

import io.iwant.protocol.control.DownloadState;

import io.iwant.protocol.control.DownloadState;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A download while its chunks are being fetched: the files still needing bytes, the chunk picker over them, one
 * link per seeder, and the byte count and rate for progress. Created by the preparing thread, then owned by the
 * transfer loop thread (the {@code finishing} chain is only extended there; its tasks run elsewhere).
 */
final class ActiveDownload {
    final String hash;
    final String name;
    final boolean dir;
    final long size;
    final int chunkSize;
    final List<FileTask> files;
    final ChunkPicker picker;
    final Map<String, PeerLink> links = new LinkedHashMap<>();
    private final Map<String, FileTask> byHash = new HashMap<>();
    private final TransferSettings settings;
    final RateMeter rate;
    long bytesDone;
    int filesLeft;
    long hopelessSince = -1;
    long lastProgress;
    private final long started;
    private final long bytesAtStart;
    boolean removed;
    /**
     * False when the download folder is in memory (tmpfs): syncing a file there does nothing but cost system calls,
     * so batches are recorded without it. Set by the preparing thread before the loop has the download.
     */
    boolean syncs = true;
    /**
     * Batches asked for and not yet written. A crash loses what is open (written files are found again on disk), so
     * at most {@link #MAX_OPEN_BATCHES} are: enough to keep a seeder and the verifier busy, little to fetch again.
     */
    int openBatches;
    static final int MAX_OPEN_BATCHES = 10;
    /** File completions (flush, close, copies) in order; the last step places the download. */
    CompletableFuture<Void> finishing = CompletableFuture.completedFuture(null);

    ActiveDownload(String hash, String name, boolean dir, long size, long bytesDone, List<FileTask> files,
                   TransferSettings settings, long now) {
        this.hash = hash;
        this.name = name;
        this.dir = dir;
        this.size = size;
        this.bytesDone = bytesDone;
        this.files = List.copyOf(files);
        this.settings = settings;
        this.picker = new ChunkPicker(this.files);
        this.rate = new RateMeter(now, 2_000_000_000L);
        this.lastProgress = now;
        this.started = now;
        this.bytesAtStart = bytesDone;
        int biggest = 1;
        for (FileTask f : this.files) {
            byHash.put(f.hash, f);
            biggest = Math.max(biggest, f.chunkSize);
            if (!f.complete()) {
                filesLeft++;
            }
        }
        this.chunkSize = biggest;
    }

    FileTask file(String contentHash) {
        return byHash.get(contentHash);
    }

    /** Adds links to seeders not known yet (up to the limit); returns the new ones. */
    List<PeerLink> addSeeders(Collection<SeederDirectory.Seeder> seeders, long now) {
        List<PeerLink> added = new ArrayList<>();
        for (SeederDirectory.Seeder s : seeders) {
            if (links.size() >= settings.maxLinks()) {
                break;
            }
            if (!links.containsKey(s.endpoint())) {
                PeerLink link = new PeerLink(s.peerId(), s.endpoint(), settings, now);
                links.put(s.endpoint(), link);
                added.add(link);
            }
        }
        return added;
    }

    /** The links, the fastest first (a reader's window goes to them first). */
    List<PeerLink> fastestFirst(long now) {
        List<PeerLink> sorted = new ArrayList<>(links.values());
        sorted.sort(Comparator.comparingDouble((PeerLink link) -> link.rate(now)).reversed());
        return sorted;
    }

    int peersInUse(long now) {
        int n = 0;
        for (PeerLink link : links.values()) {
            if (link.inUse(now)) {
                n++;
            }
        }
        return n;
    }

    /**
     * Why the download cannot go on, or null while it can: no peer left that may serve a missing chunk for three
     * lookup intervals (new seeders may still turn up), or nothing written for {@code lookupPatience}.
     */
    String stuck(long now) {
        if (servable()) {
            hopelessSince = -1;
        } else if (hopelessSince < 0) {
            hopelessSince = now;
        } else if (now - hopelessSince > 3 * settings.lookupInterval().toNanos()) {
            return links.isEmpty() ? "no peer has it" : "no peer can serve the rest (" + problems() + ")";
        }
        if (now - lastProgress > settings.lookupPatience().toNanos()) {
            return "nothing arrived for " + settings.lookupPatience().toSeconds() + " s (" + problems() + ")";
        }
        return null;
    }

    /** True if some missing chunk has a peer that is, or will again be, able to serve it. */
    private boolean servable() {
        for (PeerLink link : links.values()) {
            if (link.health() != PeerLink.Health.BANNED
                    && (!link.inflight.isEmpty() || picker.anyMissingFor(link))) {
                return true;
            }
        }
        return !picker.anyMissing();
    }

    /** What went wrong with each peer, for the user. */
    private String problems() {
        List<String> problems = new ArrayList<>();
        for (PeerLink link : links.values()) {
            String problem = link.problem();
            if (problem.isEmpty()) {
                boolean lacks = files.stream().anyMatch(f -> !f.complete() && f.excluded.contains(link));
                problem = lacks ? "does not have some files" : link.inflight.isEmpty() ? "sent nothing"
                        : "has not answered";
            }
            problems.add("peer " + link.peerId + " " + problem);
        }
        return String.join("; ", problems);
    }

    Progress progress(long now) {
        double perSecond = rate.rate(now);
        if (!rate.known(now) && now - started > 0) { // the first fraction of a second: the average so far
            perSecond = (bytesDone - bytesAtStart) * 1e9 / (now - started);
        }
        long left = Math.max(0, size - bytesDone);
        long eta = perSecond >= 1 ? (long) Math.ceil(left / perSecond) : -1;
        return new Progress(hash, name, dir, DownloadState.DOWNLOADING, bytesDone, size, (long) perSecond, eta,
                peersInUse(now), "", "", playable());
    }

    /** How many bytes from the start are verified (a file can be played that far); 0 for a folder. */
    long playable() {
        if (dir || files.isEmpty()) {
            return 0;
        }
        FileTask file = files.get(0);
        return Math.min(file.size, file.offset(file.done.nextClearBit(0)));
    }
}
