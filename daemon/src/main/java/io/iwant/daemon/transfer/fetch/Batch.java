package io.iwant.daemon.transfer.fetch;

import io.iwant.protocol.peer.Transfer;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Small files asked for together in one {@link Transfer.BatchRequest}: the files in the order asked, and how many of
 * them are still in flight (each is a {@link PeerLink.Request} of its own). The whole batch counts once against the
 * link's window and the transfer loop's buffer budget, as one chunk does. Owned by the transfer loop thread.
 */
final class Batch {
    final int id;
    final List<FileTask> files;
    /** Files still in flight; the link counts it down as they come off it. */
    int left;

    Batch(int id, List<FileTask> files) {
        this.id = id;
        this.files = List.copyOf(files);
        this.left = files.size();
    }

    /**
     * The files of this batch that {@code reply} serves, in the reply's order (which is the order of their bytes in
     * {@code data}).
     *
     * @throws IllegalArgumentException saying what is wrong when the reply is no honest answer to this batch: a file
     *                                  not asked in it (or twice, or out of order), a file of another length than the
     *                                  folder gives it, or a frame that does not hold exactly the bytes listed
     */
    List<FileTask> served(Transfer.BatchData reply, ByteBuffer data) {
        List<FileTask> served = new ArrayList<>();
        int next = 0;
        for (Transfer.Piece piece : reply.pieces()) {
            while (next < files.size() && !files.get(next).hash.equals(piece.hash())) {
                next++;
            }
            if (next == files.size()) {
                throw new IllegalArgumentException("sent files in a batch that it was not asked for there");
            }
            FileTask file = files.get(next++);
            if (piece.length() != file.size) {
                throw new IllegalArgumentException("sent a file of the wrong length in a batch");
            }
            served.add(file);
        }
        if ((data == null ? 0 : data.remaining()) != reply.bytes()) {
            throw new IllegalArgumentException("sent a batch whose bytes do not add up to its files");
        }
        return served;
    }

    /**
     * How many window slots (and buffers) {@code removed} requests held: one per single request, one per batch of
     * which none is left in flight.
     */
    static int slots(List<PeerLink.Request> removed) {
        int slots = 0;
        Set<Batch> counted = Collections.newSetFromMap(new IdentityHashMap<>());
        for (PeerLink.Request r : removed) {
            if (r.batch() == null || (r.batch().left == 0 && counted.add(r.batch()))) {
                slots++;
            }
        }
        return slots;
    }
}
