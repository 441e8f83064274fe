package io.iwant.daemon.transfer.fetch;

import io.iwant.protocol.peer.PeerMessage;
import io.iwant.protocol.peer.Transfer;
import io.iwant.protocol.wire.Codec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * What the transfer loop does with its sockets: reads replies and hands good chunks to the verifier, gives the
 * chunks of peers that stall, refuse or lie to the others, keeps every window full within the memory budget
 * ({@code buffered}: chunks requested or received but not yet written), and finishes or fails downloads. Owned by
 * the transfer loop thread, which calls it between polls.
 */
final class Traffic {
    private static final Logger log = LoggerFactory.getLogger(Traffic.class);
    private static final int MAX_READS_PER_LINK = 128;

    final Map<String, ActiveDownload> downloads = new LinkedHashMap<>();
    private final ZContext context;
    private final TransferSettings settings;
    private final Verifier verifier;
    private final ChunkBuffers buffers;
    private final TransferLoop.Events events;
    private final LongSupplier clock;
    private final Consumer<Runnable> post;
    /** Set when a socket was created or closed: the loop then polls a new set. */
    boolean socketsChanged = true;
    private int buffered;
    private int rotation;

    /** @param post runs a task on the loop thread later (verification results come back through it) */
    Traffic(ZContext context, TransferSettings settings, Verifier verifier, ChunkBuffers buffers,
            TransferLoop.Events events, LongSupplier clock, Consumer<Runnable> post) {
        this.context = context;
        this.settings = settings;
        this.verifier = verifier;
        this.buffers = buffers;
        this.events = events;
        this.clock = clock;
        this.post = post;
    }

    void add(ActiveDownload download, List<SeederDirectory.Seeder> seeders) {
        downloads.put(download.hash, download);
        download.addSeeders(seeders, clock.getAsLong());
        socketsChanged = true;
        if (download.filesLeft == 0) {
            finish(download);
        }
    }

    /** Connects what needs connecting and returns every link with a socket to poll. */
    List<PeerLink> connectAll(long now) {
        socketsChanged = false;
        List<PeerLink> polled = new ArrayList<>();
        for (ActiveDownload d : downloads.values()) {
            for (PeerLink link : d.links.values()) {
                link.connect(context, buffers, now);
                if (link.socket() != null) {
                    polled.add(link);
                }
            }
        }
        return polled;
    }

    int buffered() {
        return buffered;
    }

    /** The earliest deadline of any link, or {@code now} plus a second. */
    long nextDeadline(long now) {
        long next = now + 1_000_000_000L;
        for (ActiveDownload d : downloads.values()) {
            for (PeerLink link : d.links.values()) {
                next = Math.min(next, link.deadline(now, d.chunkSize));
            }
        }
        return next;
    }

    /** Reads what {@code link} has received; true if there was anything. */
    boolean receive(PeerLink link, long now) {
        ActiveDownload d = owner(link);
        boolean any = false;
        for (int n = 0; n < MAX_READS_PER_LINK && d != null && link.socket() != null; n++) {
            SeederReply reply = SeederReply.read(link.channel(), ZMQ.DONTWAIT);
            if (reply == null) {
                return any;
            }
            any = true;
            ByteBuffer data = reply.data();
            if (!reply.readable()) {
                buffers.give(data);
                violation(d, link, "sent an unreadable message (" + reply.unreadable() + ")", now);
                return true;
            }
            PeerMessage message = reply.message();
            if (reply.extraFrames() || (data != null && !(message instanceof Transfer.ChunkData)
                    && !(message instanceof Transfer.BatchData))) {
                buffers.give(data);
                violation(d, link, "sent a message with unexpected frames", now);
                return true;
            }
            if (message instanceof Transfer.ChunkData chunk) {
                link.received(chunk);
                if (!onChunk(d, link, chunk, data, now)) {
                    buffers.give(data);
                }
            } else if (message instanceof Transfer.BatchData batch) {
                if (!onBatch(d, link, batch, data, now)) {
                    buffers.give(data);
                }
            } else if (message instanceof Transfer.Refusal refusal) {
                onRefusal(d, link, refusal, now);
            } else if (message instanceof PeerMessage.Refused refused) {
                link.heard(now);
                log.debug("{} refused a request: {}", link, refused.reason());
                if (refused.retry()) {
                    link.busy(now);
                } else {
                    List<PeerLink.Request> batches = link.refusedBatches();
                    if (!batches.isEmpty()) {
                        log.info("{} does not take batches; asking it for one file at a time", link);
                        release(d, batches);
                    }
                }
            } else {
                link.heard(now);
            }
        }
        return any;
    }

    private ActiveDownload owner(PeerLink link) {
        for (ActiveDownload d : downloads.values()) {
            if (d.links.get(link.endpoint) == link) {
                return d;
            }
        }
        return null;
    }

    /** Handles a chunk; true if its buffer went to the verifier, false if the caller may reuse it. */
    private boolean onChunk(ActiveDownload d, PeerLink link, Transfer.ChunkData chunk, ByteBuffer data, long now) {
        FileTask file = d.file(chunk.hash());
        if (file == null) {
            return false; // a chunk of content this download does not hold: not asked for, proves nothing
        }
        int index = chunk.index();
        if (index >= file.chunkCount() || data == null || data.remaining() != chunk.length()
                || chunk.length() != file.length(index)) {
            violation(d, link, "sent a chunk of the wrong length", now);
            return false;
        }
        if (!single(link, file, index) || link.answered(file, index, chunk.length(), now) == null) {
            return false; // not asked of this peer (or no longer): never verified, so never buffered unbounded
        }
        buffered--;
        file.inflight[index]--;
        if (file.done.get(index) || file.verifying.get(index)) {
            return false; // a duplicate from the end game
        }
        d.picker.arrived(file, index);
        file.verifying.set(index);
        buffered++;
        verifier.submit(d, file, index, data, link, result -> post.accept(() -> verified(result)));
        return true;
    }

    private void verified(Verifier.Result r) {
        buffered--;
        apply(r);
    }

    /** What a verified (or rejected) chunk changes. */
    private void apply(Verifier.Result r) {
        ActiveDownload d = r.download();
        FileTask file = r.file();
        if (d.removed) {
            return;
        }
        switch (r.outcome()) {
            case WRITTEN -> {
                file.verifying.clear(r.index());
                file.done.set(r.index());
                long now = clock.getAsLong();
                d.bytesDone += file.length(r.index());
                d.lastProgress = now;
                d.rate.add(file.length(r.index()), now);
                if (file.complete()) {
                    d.filesLeft--;
                    events.fileDone(d, file);
                    if (d.filesLeft == 0) {
                        finish(d);
                    }
                }
            }
            case CORRUPT -> {
                d.picker.rejected(file, r.index());
                PeerLink link = r.from();
                if (link.health() != PeerLink.Health.BANNED) {
                    log.warn("{} sent a corrupted chunk {} of {}; not using it again for {}", link, r.index(),
                            file.hash, d.name);
                    release(d, link.ban(context, "sent a corrupted chunk"));
                    socketsChanged = true;
                }
            }
            case WRITE_FAILED -> fail(d, "cannot write " + file.path + ": " + r.error().getMessage());
        }
    }

    private void onRefusal(ActiveDownload d, PeerLink link, Transfer.Refusal refusal, long now) {
        FileTask file = d.file(refusal.hash());
        link.heard(now);
        if (file == null || refusal.index() < 0 || refusal.index() >= file.chunkCount()) {
            return;
        }
        if (single(link, file, refusal.index()) && link.answered(file, refusal.index(), 0, now) != null) {
            buffered--;
            d.picker.released(file, refusal.index());
        }
        if (refusal.reason() == Transfer.Reason.BUSY) {
            link.busy(now);
            return;
        }
        lacks(d, link, file, refusal.detail());
    }

    /** The peer does not serve {@code file}: not asked for it again; dropped when it can serve nothing else. */
    private void lacks(ActiveDownload d, PeerLink link, FileTask file, String detail) {
        file.excluded.add(link);
        log.info("{} cannot serve {} of {}: {}", link, file.hash, d.name, detail);
        boolean useful = false;
        for (FileTask f : d.files) {
            useful |= !f.complete() && !f.excluded.contains(link);
        }
        if (!useful && link.health() != PeerLink.Health.BANNED) {
            release(d, link.ban(context, "no longer has it (" + detail + ")"));
            socketsChanged = true;
        }
    }

    /** True if chunk {@code index} of {@code file} is in flight at {@code link} as a request of its own. */
    private static boolean single(PeerLink link, FileTask file, int index) {
        PeerLink.Request r = link.inflight.get(PeerLink.key(file, index));
        return r != null && r.batch() == null;
    }

    /**
     * Handles a batch reply; true if its buffer went to the verifier. The reply must list files of the batch it
     * names, in the order asked, each with the length the folder gives it, and bring exactly their bytes; anything
     * else bans the peer, and every file of the batch is asked of the others. Files left out are taken as not
     * served by this peer.
     */
    private boolean onBatch(ActiveDownload d, PeerLink link, Transfer.BatchData reply, ByteBuffer data, long now) {
        Batch batch = link.batchInFlight(reply.id());
        if (batch == null) {
            return false; // not asked of this peer (or no longer): proves nothing, as a chunk not asked for
        }
        List<FileTask> served;
        try {
            served = batch.served(reply, data);
        } catch (IllegalArgumentException lie) {
            violation(d, link, lie.getMessage(), now);
            return false;
        }
        buffered--; // the batch's request is answered
        List<Verifier.Piece> pieces = new ArrayList<>();
        int at = data == null ? 0 : data.position();
        for (FileTask file : served) { // in the order of the reply, which is the order of the bytes
            int length = (int) file.size;
            int from = at;
            at += length;
            if (!inBatch(link, file, batch)) {
                continue;
            }
            link.answered(file, 0, length, now);
            file.inflight[0]--;
            if (!file.done.get(0) && !file.verifying.get(0)) {
                d.picker.arrived(file, 0);
                file.verifying.set(0);
                pieces.add(new Verifier.Piece(file, data.slice(from, length)));
            }
        }
        List<FileTask> leftOut = new ArrayList<>();
        for (FileTask file : batch.files) {
            if (!served.contains(file) && inBatch(link, file, batch)) {
                link.answered(file, 0, 0, now);
                d.picker.released(file, 0);
                leftOut.add(file);
            }
        }
        for (FileTask file : leftOut) { // after the batch is off the link: a ban here releases only other requests
            lacks(d, link, file, "left out of a batch");
        }
        if (pieces.isEmpty()) {
            d.openBatches--;
            return false;
        }
        buffered++;
        verifier.submitBatch(d, pieces, data, link, () -> post.accept(() -> d.openBatches--),
                results -> post.accept(() -> verifiedBatch(results)));
        return true;
    }

    private static boolean inBatch(PeerLink link, FileTask file, Batch batch) {
        PeerLink.Request r = link.inflight.get(PeerLink.key(file, 0));
        return r != null && r.batch() == batch;
    }

    private void verifiedBatch(List<Verifier.Result> results) {
        buffered--;
        results.forEach(this::apply);
    }

    private void violation(ActiveDownload d, PeerLink link, String why, long now) {
        log.warn("{} {}; not using it again for {}", link, why, d.name);
        release(d, link.ban(context, why));
        socketsChanged = true;
    }

    private void release(ActiveDownload d, List<PeerLink.Request> requests) {
        int slots = Batch.slots(requests);
        buffered -= slots;
        d.openBatches -= slots - (int) requests.stream().filter(r -> r.batch() == null).count();
        for (PeerLink.Request r : requests) {
            d.picker.released(r.file(), r.index());
        }
    }

    /** Stalls, expired requests, window sizes and downloads nobody can serve any more. */
    void checkLinks(long now) {
        for (ActiveDownload d : new ArrayList<>(downloads.values())) {
            for (PeerLink link : d.links.values()) {
                if (link.health() == PeerLink.Health.BACKOFF && link.connect(context, buffers, now)) {
                    socketsChanged = true;
                }
                if (link.stalled(now, d.chunkSize)) {
                    log.info("{} stopped answering; its chunks go to other peers", link);
                    release(d, link.backOff(context, now, "stopped answering"));
                    socketsChanged = true;
                } else if (link.health() == PeerLink.Health.ACTIVE) {
                    List<PeerLink.Request> expired = link.expired(now, 4 * link.silenceAllowed(now, d.chunkSize));
                    if (!expired.isEmpty()) {
                        log.debug("{}: {} requests got no answer in time; asking again", link, expired.size());
                        release(d, expired);
                    }
                    link.adapt(now, d.chunkSize);
                }
            }
            String stuck = d.stuck(now);
            if (stuck != null) {
                fail(d, stuck);
            }
        }
    }

    /** Sends requests while windows and the buffer budget allow, round robin over downloads and peers. */
    void fill(long now) {
        List<ActiveDownload> active = new ArrayList<>(downloads.values());
        if (active.isEmpty()) {
            return;
        }
        rotation++;
        boolean sent = true;
        while (sent && buffered < settings.maxBuffered()) {
            sent = false;
            for (int i = 0; i < active.size() && buffered < settings.maxBuffered(); i++) {
                ActiveDownload d = active.get((i + rotation) % active.size());
                for (PeerLink link : d.picker.streaming() ? d.fastestFirst(now) : d.links.values()) {
                    if (buffered >= settings.maxBuffered()) {
                        break;
                    }
                    if (link.usable(now) && link.free() > 0 && request(d, link, now)) {
                        sent = true;
                    }
                }
            }
        }
    }

    private boolean request(ActiveDownload d, PeerLink link, long now) {
        ChunkPicker.Pick pick = d.picker.overdue(link, d.links.values(), now, d.chunkSize);
        if (pick != null) {
            log.debug("a reader waits: asking {} too for chunk {} of {}", link, pick.index(), pick.file().hash);
        } else {
            List<FileTask> batch = d.picker.nextBatch(link, d.openBatches < ActiveDownload.MAX_OPEN_BATCHES);
            if (batch != null) {
                return !batch.isEmpty() && requestBatch(d, link, batch, now);
            }
            pick = d.picker.next(link);
        }
        if (pick == null && !d.picker.anyMissing()) {
            pick = d.picker.duplicate(link, d.links.values(), now, d.chunkSize);
            if (pick != null) {
                log.debug("end game: asking {} too for chunk {} of {}", link, pick.index(), pick.file().hash);
            }
        }
        if (pick == null) {
            return false;
        }
        byte[] request = Codec.encode(link.request(pick.file(), pick.index()));
        if (!link.channel().send(request, ZMQ.DONTWAIT)) {
            d.picker.released(pick.file(), pick.index());
            return false;
        }
        link.sent(pick.file(), pick.index(), now);
        buffered++;
        return true;
    }

    private boolean requestBatch(ActiveDownload d, PeerLink link, List<FileTask> files, long now) {
        Batch batch = link.batch(files);
        if (!link.channel().send(Codec.encode(link.request(batch)), ZMQ.DONTWAIT)) {
            files.forEach(file -> d.picker.released(file, 0));
            return false;
        }
        link.sent(batch, now);
        buffered++;
        d.openBatches++;
        return true;
    }

    void finish(ActiveDownload d) {
        drop(d);
        events.done(d);
    }

    private void fail(ActiveDownload d, String reason) {
        drop(d);
        events.failed(d, reason);
    }

    void drop(ActiveDownload d) {
        downloads.remove(d.hash);
        d.removed = true;
        for (PeerLink link : d.links.values()) {
            buffered -= Batch.slots(link.close(context));
        }
        socketsChanged = true;
    }

    /** Closes every socket (the loop is ending). */
    void closeAll() {
        for (ActiveDownload d : downloads.values()) {
            d.links.values().forEach(link -> link.close(context));
        }
    }
}
