package io.iwant.daemon.transfer.fetch;

import java.util.BitSet;
import java.util.List;

/**
 * Chooses the chunk a peer fetches next: the first missing chunk of the first file (in plan order) that still has
 * missing chunks and does not exclude that peer, in order within a file so writes stay mostly sequential. Chunks
 * given back (a peer stalled, refused or lied) become missing again and are picked first when their file comes up.
 * When nothing is missing, {@link #duplicate} picks a chunk in flight elsewhere (end game), so a slow or dying peer
 * cannot hold the last chunks hostage. Owned by the transfer loop thread.
 */
final class ChunkPicker {
    /** A chunk to request. */
    record Pick(FileTask file, int index) {
    }

    private final List<FileTask> files;
    private final BitSet filesWithMissing = new BitSet();

    ChunkPicker(List<FileTask> files) {
        this.files = files;
        for (int i = 0; i < files.size(); i++) {
            files.get(i).slot = i;
            if (!files.get(i).missing.isEmpty()) {
                filesWithMissing.set(i);
            }
        }
    }

    /** Takes the next missing chunk {@code link} may fetch and counts it in flight, or returns null. */
    Pick next(PeerLink link) {
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
