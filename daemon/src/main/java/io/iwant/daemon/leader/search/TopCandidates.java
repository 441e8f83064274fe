package io.iwant.daemon.leader.search;

import java.util.Arrays;

/**
 * Picks the best k of the entries a search reached, by total score, then shorter name, then content hash, name,
 * folder and peer: a total order, so the same index always yields the same candidates however it was built.
 * Packing the first criteria in one long lets a quickselect set a floor that leaves about k entries for the heap,
 * even when a hundred thousand entries tie (a query like "jpg").
 */
final class TopCandidates {
    private TopCandidates() {
    }

    /** The k-th largest of a[0..n) (k <= n), by quickselect; reorders a. */
    static long kthLargest(long[] a, int n, int k) {
        int target = k - 1;
        int lo = 0;
        int hi = n - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            long pivot = Math.max(Math.min(a[lo], a[mid]), Math.min(Math.max(a[lo], a[mid]), a[hi]));
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (a[i] > pivot) {
                    i++;
                }
                while (a[j] < pivot) {
                    j--;
                }
                if (i <= j) {
                    long tmp = a[i];
                    a[i++] = a[j];
                    a[j--] = tmp;
                }
            }
            if (target <= j) {
                hi = j;
            } else if (target >= i) {
                lo = i;
            } else {
                return a[target];
            }
        }
        return a[target];
    }

    /**
     * The order of candidates in one long, larger is better: total, then shorter name, then the first 24 bits of
     * the content hash (cheap, deterministic, and it spreads the thousands of ties a query like "jpg" produces).
     */
    private static long key(IndexState state, SearchScratch s, int e) {
        int length = state.entries.length[e];
        long hash = state.hashes.word(state.entries.hash[e], 0) >>> 40;
        return (long) s.total[e] << 40 | (long) (0xFFFF - length) << 24 | hash;
    }

    /** The {@code k} best reached entries by {@link #key}, then full hash, name, folder and peer. */
    static int[] best(IndexState state, SearchScratch s, int k) {
        int[] list = s.pruning ? s.active : s.touched;
        int count = s.pruning ? s.activeCount : s.touchedCount;
        int[] heap = new int[Math.min(k, count)];
        long floor = Long.MIN_VALUE;
        long[] keys = s.keys(count);
        if (count > k) {
            long[] selection = s.selection(count);
            for (int i = 0; i < count; i++) {
                keys[i] = key(state, s, list[i]);
                selection[i] = keys[i];
            }
            floor = kthLargest(selection, count, k);
        }
        int size = 0;
        for (int i = 0; i < count; i++) {
            int e = list[i];
            if (floor != Long.MIN_VALUE && keys[i] < floor) {
                continue;
            }
            if (size < heap.length) {
                int j = size++;
                while (j > 0 && better(state, s, heap[(j - 1) / 2], e)) {
                    heap[j] = heap[(j - 1) / 2];
                    j = (j - 1) / 2;
                }
                heap[j] = e;
            } else if (better(state, s, e, heap[0])) {
                int j = 0;
                while (true) {
                    int child = 2 * j + 1;
                    if (child >= size) {
                        break;
                    }
                    if (child + 1 < size && better(state, s, heap[child], heap[child + 1])) {
                        child++;
                    }
                    if (!better(state, s, e, heap[child])) {
                        break;
                    }
                    heap[j] = heap[child];
                    j = child;
                }
                heap[j] = e;
            }
        }
        return Arrays.copyOf(heap, size);
    }

    private static boolean better(IndexState state, SearchScratch s, int a, int b) {
        long ka = key(state, s, a);
        long kb = key(state, s, b);
        if (ka != kb) {
            return ka > kb;
        }
        EntryStore entries = state.entries;
        for (int w = 0; w < 4; w++) {
            long ha = state.hashes.word(entries.hash[a], w);
            long hb = state.hashes.word(entries.hash[b], w);
            if (ha != hb) {
                return Long.compareUnsigned(ha, hb) > 0;
            }
        }
        int c = entries.name(a).compareTo(entries.name(b));
        if (c == 0) {
            c = state.dirs.get(entries.dir[a]).compareTo(state.dirs.get(entries.dir[b]));
        }
        if (c == 0) {
            c = state.peerAt(entries.peer[a]).id.compareTo(state.peerAt(entries.peer[b]).id);
        }
        return c < 0;
    }
}
