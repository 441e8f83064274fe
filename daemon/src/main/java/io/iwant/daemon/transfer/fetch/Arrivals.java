package io.iwant.daemon.transfer.fetch;

import java.util.BitSet;

/**
 * The chunks of one file that are verified and written, as readers on other threads see them: a chunk is added
 * once its bytes are in the file, so a reader that waits for it here never hands out a byte that was not checked.
 * Thread-safe.
 */
final class Arrivals {
    private final BitSet ready = new BitSet();

    /** Chunk {@code index} is verified and written. */
    synchronized void add(int index) {
        ready.set(index);
        notifyAll();
    }

    /** Every chunk in {@code done} is verified and written. */
    synchronized void addAll(BitSet done) {
        ready.or(done);
        notifyAll();
    }

    /**
     * Waits at most {@code nanos} for chunk {@code index}; returns how many chunks from it on are ready in a row, 0
     * if it did not arrive in time.
     */
    synchronized int await(int index, long nanos) throws InterruptedException {
        long deadline = System.nanoTime() + nanos;
        while (!ready.get(index)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return 0;
            }
            wait(Math.max(1, left / 1_000_000), 0);
        }
        return ready.nextClearBit(index) - index;
    }
}
