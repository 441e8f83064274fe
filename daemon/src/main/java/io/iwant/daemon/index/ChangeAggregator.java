package io.iwant.daemon.index;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Debounces watcher events: a path is handed out only once it has been quiet for the settle time, with every kind
 * of event it saw meanwhile. Holds at most {@code maxPaths} paths; beyond that it forgets them all and asks for one
 * full rescan instead, as it does when the watcher overflows. Time comes from the given clock (nanoseconds).
 * Thread-safe: the watcher thread adds, the index thread takes.
 */
final class ChangeAggregator {
    static final int CREATED = 1;
    static final int MODIFIED = 2;
    static final int DELETED = 4;

    /** A settled path and the kinds of event seen (a bit set of {@link #CREATED}, {@link #MODIFIED}, {@link #DELETED}). */
    record Settled(Path path, int kinds) {
    }

    /** What {@link #takeSettled} hands out: settled paths, and whether a full rescan is needed. */
    record Batch(List<Settled> paths, boolean rescan) {
        boolean isEmpty() {
            return paths.isEmpty() && !rescan;
        }
    }

    private static final class Pending {
        int kinds;
        long quietAt;
    }

    private final long settleNanos;
    private final int maxPaths;
    private final LongSupplier clock;
    private final Map<Path, Pending> pending = new LinkedHashMap<>();
    private boolean rescan;

    ChangeAggregator(long settleNanos, int maxPaths, LongSupplier clock) {
        this.settleNanos = settleNanos;
        this.maxPaths = maxPaths;
        this.clock = clock;
    }

    /** Records an event on {@code path}; it settles once no event has touched it for the settle time. */
    synchronized void add(Path path, int kind) {
        if (rescan) {
            return;
        }
        Pending p = pending.remove(path);
        if (p == null) {
            if (pending.size() >= maxPaths) {
                overflow();
                return;
            }
            p = new Pending();
        }
        p.kinds |= kind;
        p.quietAt = clock.getAsLong() + settleNanos;
        pending.put(path, p); // re-inserted at the end: the map stays ordered by quietAt
    }

    /** The watcher lost events: forget the details and ask for one rescan of everything at the next take. */
    synchronized void overflow() {
        pending.clear();
        rescan = true;
    }

    synchronized void clear() {
        pending.clear();
        rescan = false;
    }

    synchronized boolean isEmpty() {
        return pending.isEmpty() && !rescan;
    }

    /** Takes every path that has been quiet for the settle time. */
    synchronized Batch takeSettled() {
        long now = clock.getAsLong();
        List<Settled> out = new ArrayList<>();
        Iterator<Map.Entry<Path, Pending>> it = pending.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Path, Pending> e = it.next();
            if (e.getValue().quietAt - now > 0) {
                break;
            }
            out.add(new Settled(e.getKey(), e.getValue().kinds));
            it.remove();
        }
        boolean full = rescan;
        rescan = false;
        return new Batch(out, full);
    }
}
