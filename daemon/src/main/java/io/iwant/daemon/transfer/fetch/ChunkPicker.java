package io.iwant.daemon.transfer.fetch;

import io.iwant.protocol.peer.Transfer;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Chooses the chunk a peer fetches next: the first missing chunk of the first file (in plan order) that still has
 * missing chunks and does not exclude that peer, in order within a file so writes stay mostly sequential. Chunks
 * given back (a peer stalled, refused or lied) become missing again and are picked first when their file comes up.
 * When nothing is missing, {@link #duplicate} picks a chunk in flight elsewhere (end game), so a slow or dying peer
 * cannot hold the last chunks hostage.
 * <p>Streaming: while someone reads a file download as it arrives ({@link #follow}), the missing chunks in the
 * window of {@link #STREAM_AHEAD} bytes from each reader's position come first, in order, the one nearest its
 * reader first; once every chunk of the windows is asked for, the rest follows in the usual order. A reader that
 * seeks moves its window. {@link #overdue} asks a second peer for the chunk a reader waits for when the peer that
 * has it is late. Owned by the transfer loop thread.
 */
final class ChunkPicker {
    /** How far ahead of a reader its chunks come first. */
    static final long STREAM_AHEAD = 16L << 20;

    /** Files up to this size are asked for in batches ({@link #nextBatch}). */
    static final int SMALL_FILE = 128 * 1024;
    /**
     * Most bytes the picker puts in one batch: a quarter of what the wire allows, so that the window of batches in
     * flight (and what a crash throws away of it) stays a quarter of a window of chunks.
     */
    static final int BATCH_BYTES = Transfer.MAX_BATCH_BYTES / 4;
    /** Most files the picker puts in one batch. */
    static final int BATCH_FILES = 256;

    /** A chunk to request. */
    record Pick(FileTask file, int index) {
    }

    private final List<FileTask> files;
    private final BitSet filesWithMissing = new BitSet();
    private Readers readers;

    ChunkPicker(List<FileTask> files) {
        this.files = files;
        for (int i = 0; i < files.size(); i++) {
            files.get(i).slot = i;
            if (!files.get(i).missing.isEmpty()) {
                filesWithMissing.set(i);
            }
        }
    }

    /** Puts the windows of {@code readers} (who read the first file) before the usual order. */
    void follow(Readers readers) {
        this.readers = readers;
    }

    /** True while someone reads the download as it arrives. */
    boolean streaming() {
        return readers != null && readers.positions().length > 0;
    }

    /** Takes the next missing chunk {@code link} may fetch and counts it in flight, or returns null. */
    Pick next(PeerLink link) {
        Pick ahead = inWindow(link);
        if (ahead != null) {
            return ahead;
        }
        for (int f = filesWithMissing.nextSetBit(0); f >= 0; f = filesWithMissing.nextSetBit(f + 1)) {
            FileTask file = files.get(f);
            if (file.excluded.contains(link)) {
                continue;
            }
            int index = file.missing.nextSetBit(file.cursor);
            if (index < 0) {
                index = file.missing.nextSetBit(0);
            }
            if (index < 0) {
                filesWithMissing.clear(f);
                continue;
            }
            file.missing.clear(index);
            file.cursor = index + 1;
            file.inflight[index]++;
            if (file.missing.isEmpty()) {
                filesWithMissing.clear(f);
            }
            return new Pick(file, index);
        }
        return null;
    }

    /**
     * When the next file {@code link} may fetch is a small one (one chunk of at most {@link #SMALL_FILE} bytes, not
     * yet asked for), takes it and the small files after it that the link may fetch, up to {@link #BATCH_FILES}
     * files and {@link #BATCH_BYTES} bytes, and counts their chunk in flight; else returns null (the
     * next chunk goes out alone, from {@link #next}). When the next file is small but {@code mayStart} is false (as
     * many batches are open as may be), returns an empty list: nothing goes out now.
     */
    List<FileTask> nextBatch(PeerLink link, boolean mayStart) {
        if (streaming() || !link.takesBatches()) {
            return null;
        }
        List<FileTask> batch = new ArrayList<>();
        long bytes = 0;
        for (int f = filesWithMissing.nextSetBit(0); f >= 0 && batch.size() < BATCH_FILES;
             f = filesWithMissing.nextSetBit(f + 1)) {
            FileTask file = files.get(f);
            if (file.excluded.contains(link)) {
                continue;
            }
            boolean small = file.chunkCount() == 1 && file.size <= SMALL_FILE && file.missing.get(0);
            if (!small) {
                if (batch.isEmpty()) {
                    return null;
                }
                continue;
            }
            if (!mayStart) {
                return List.of();
            }
            if (bytes + file.size > BATCH_BYTES) {
                break;
            }
            bytes += file.size;
            batch.add(file);
        }
        for (FileTask file : batch) {
            file.missing.clear(0);
            file.inflight[0]++;
            filesWithMissing.clear(file.slot);
        }
        return batch.isEmpty() ? null : batch;
    }

    /** The missing chunk nearest ahead of any reader, within its window; null when every window is asked for. */
    private Pick inWindow(PeerLink link) {
        long[] positions = readers == null ? new long[0] : readers.positions();
        if (positions.length == 0) {
            return null;
        }
        FileTask file = files.get(0);
        if (file.excluded.contains(link) || file.missing.isEmpty()) {
            return null;
        }
        int window = (int) Math.max(1, STREAM_AHEAD / file.chunkSize);
        int best = -1;
        int nearest = Integer.MAX_VALUE;
        for (long offset : positions) {
            int from = file.chunkAt(offset);
            int index = file.missing.nextSetBit(from);
            if (index >= 0 && index - from < window && index - from < nearest) {
                best = index;
                nearest = index - from;
            }
        }
        if (best < 0) {
            return null;
        }
        file.missing.clear(best);
        file.inflight[best]++;
        if (file.missing.isEmpty()) {
            filesWithMissing.clear(file.slot);
        }
        return new Pick(file, best);
    }

    /**
     * The chunk a reader waits for (the first one not yet verified from its position on), when it is in flight at
     * exactly one other peer and late there: counted in flight once more, to be asked of {@code link} too. Null when
     * no reader waits on a late chunk.
     */
    Pick overdue(PeerLink link, Iterable<PeerLink> others, long now, int chunkSize) {
        long[] positions = readers == null || files.isEmpty() ? new long[0] : readers.positions();
        for (long offset : positions) {
            FileTask file = files.get(0);
            int index = file.done.nextClearBit(file.chunkAt(offset));
            if (index >= file.chunkCount() || file.inflight[index] != 1 || file.verifying.get(index)
                    || file.excluded.contains(link) || link.inflight.containsKey(PeerLink.key(file, index))) {
                continue;
            }
            for (PeerLink other : others) {
                int position = other.queuePosition(file, index);
                if (other != link && position > 0
                        && other.late(other.inflight.get(PeerLink.key(file, index)), position, now, chunkSize)) {
                    file.inflight[index]++;
                    return new Pick(file, index);
                }
            }
        }
        return null;
    }

    /** A chunk that arrived although it was not (any more) asked for is taken out of the missing ones. */
    void arrived(FileTask file, int index) {
        file.missing.clear(index);
    }

    /** True if some chunk is waiting to be requested. */
    boolean anyMissing() {
        return !filesWithMissing.isEmpty();
    }

    /** True if some chunk is waiting that {@code link} may fetch. */
    boolean anyMissingFor(PeerLink link) {
        for (int f = filesWithMissing.nextSetBit(0); f >= 0; f = filesWithMissing.nextSetBit(f + 1)) {
            if (!files.get(f).excluded.contains(link)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Counts one request for a chunk less; if no request for it is left and it is neither done nor being checked,
     * it becomes missing again.
     */
    void released(FileTask file, int index) {
        if (file.inflight[index] > 0) {
            file.inflight[index]--;
        }
        if (file.inflight[index] == 0 && !file.done.get(index) && !file.verifying.get(index)) {
            file.missing.set(index);
            filesWithMissing.set(file.slot);
        }
    }

    /** A chunk that failed its check is missing again unless another request for it is still out. */
    void rejected(FileTask file, int index) {
        file.verifying.clear(index);
        if (file.inflight[index] == 0 && !file.done.get(index)) {
            file.missing.set(index);
            filesWithMissing.set(file.slot);
        }
    }

    /**
     * End game: a chunk in flight at exactly one other peer that is late there (see {@link PeerLink#late}), the one
     * asked for longest ago, requested once more from {@code link}; null when there is none.
     */
    Pick duplicate(PeerLink link, Iterable<PeerLink> others, long now, int chunkSize) {
        PeerLink.Request oldest = null;
        for (PeerLink other : others) {
            if (other == link) {
                continue;
            }
            int position = 0;
            for (PeerLink.Request r : other.inflight.values()) { // oldest first
                position++;
                FileTask file = r.file();
                if (file.inflight[r.index()] == 1 && !file.done.get(r.index()) && !file.verifying.get(r.index())
                        && !file.excluded.contains(link) && other.late(r, position, now, chunkSize)
                        && !link.inflight.containsKey(PeerLink.key(file, r.index()))) {
                    if (oldest == null || r.sentAt() - oldest.sentAt() < 0) {
                        oldest = r;
                    }
                    break;
                }
            }
        }
        if (oldest == null) {
            return null;
        }
        oldest.file().inflight[oldest.index()]++;
        return new Pick(oldest.file(), oldest.index());
    }
}
