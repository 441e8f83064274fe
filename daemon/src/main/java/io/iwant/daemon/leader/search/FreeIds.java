package io.iwant.daemon.leader.search;

import java.util.Arrays;

/**
 * Dense int ids for a store's parallel arrays: a freed id is handed out again before a new one is made, so the
 * arrays stay as long as the most ids ever live at once. Not thread-safe: the network index guards it.
 */
final class FreeIds {
    private int[] free = new int[16];
    private int freeCount;
    private int next;

    /**
     * The next length of an array indexed by ids that has become too short: an eighth longer (and at least 64
     * more), so that the index's arrays hold at most an eighth of slack (half of them at 1.5 times), while each
     * element is still copied only about eight times as they grow.
     */
    static int grown(int length) {
        return length + Math.max(64, length >> 3);
    }

    /** Every id handed out so far is below this bound. */
    int bound() {
        return next;
    }

    /** Ids handed out and not freed. */
    int live() {
        return next - freeCount;
    }

    /** A free id: one given back earlier if any, else {@link #bound()} (which then grows by one). */
    int take() {
        return freeCount > 0 ? free[--freeCount] : next++;
    }

    /** Gives an id back for reuse. */
    void give(int id) {
        if (freeCount == free.length) {
            free = Arrays.copyOf(free, free.length * 2);
        }
        free[freeCount++] = id;
    }
}
