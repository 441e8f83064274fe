package io.iwant.daemon.transfer.fetch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Delivers progress to listeners on a thread of its own, so a slow listener never holds up a transfer. Updates
 * are coalesced per download and state: a listener that falls behind sees every change of state and the latest
 * progress within each, never a backlog of byte counts.
 */
final class ProgressHub implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ProgressHub.class);

    private final List<Consumer<Progress>> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, List<Progress>> pending = new LinkedHashMap<>();
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "transfer-progress");
        t.setDaemon(true);
        return t;
    });

    void add(Consumer<Progress> listener) {
        listeners.add(listener);
    }

    void remove(Consumer<Progress> listener) {
        listeners.remove(listener);
    }

    void publish(Progress progress) {
        boolean idle;
        synchronized (pending) {
            idle = pending.isEmpty();
            List<Progress> queued = pending.computeIfAbsent(progress.hash(), hash -> new ArrayList<>(2));
            int last = queued.size() - 1;
            if (last >= 0 && queued.get(last).state() == progress.state()) {
                queued.set(last, progress);
            } else {
                queued.add(progress);
            }
        }
        if (idle) {
            try {
                thread.execute(this::deliver);
            } catch (RejectedExecutionException closing) {
                // shutting down: nobody is listening any more
            }
        }
    }

    private void deliver() {
        List<Progress> batch;
        synchronized (pending) {
            batch = new ArrayList<>();
            pending.values().forEach(batch::addAll);
            pending.clear();
        }
        for (Progress p : batch) {
            for (Consumer<Progress> listener : listeners) {
                try {
                    listener.accept(p);
                } catch (RuntimeException e) {
                    log.warn("a progress listener failed", e);
                }
            }
        }
    }

    @Override
    public void close() {
        thread.shutdown();
        try {
            thread.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
