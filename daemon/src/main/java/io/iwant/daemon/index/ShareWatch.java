package io.iwant.daemon.index;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the current share watched: starts a {@link Watcher} that feeds the {@link ChangeAggregator}, falls back to
 * a full rescan every {@code unwatchedRescan} where the platform cannot watch, and sets watching up again (once per
 * share) when a full scan meets a folder that is not watched. Not thread-safe: the index thread's own; the rescans
 * it schedules run on that thread too.
 */
final class ShareWatch {
    private static final Logger log = LoggerFactory.getLogger(ShareWatch.class);

    private final ChangeAggregator changes;
    private final Scanner scanner;
    private final ScheduledExecutorService indexThread;
    private final Duration unwatchedRescan;
    private Watcher watcher;
    private boolean rewatched;
    private ScheduledFuture<?> rescans;

    ShareWatch(ChangeAggregator changes, Scanner scanner, ScheduledExecutorService indexThread,
               Duration unwatchedRescan) {
        this.changes = changes;
        this.scanner = scanner;
        this.indexThread = indexThread;
        this.unwatchedRescan = unwatchedRescan;
    }

    /**
     * Watches {@code share}, registering the {@code known} folders (more than the root alone) or else every folder a
     * walk finds; if it cannot, rescans it now and then under {@code generation}.
     */
    void watch(Share share, List<Path> known, long generation) {
        long began = System.nanoTime();
        try {
            watcher = Watcher.start(share, changes, known.size() > 1 ? known : null);
            log.debug("Watching {} took {} ms to set up (or to finish setting up)", share,
                    (System.nanoTime() - began) / 1_000_000);
            rewatched = false;
        } catch (IOException | RuntimeException e) {
            log.warn("Cannot watch {} for changes ({}); rescanning it every {} s instead", share, e.getMessage(),
                    unwatchedRescan.toSeconds());
            long every = unwatchedRescan.toMillis();
            rescans = indexThread.scheduleWithFixedDelay(() -> scanner.request(share, "", generation), every, every,
                    TimeUnit.MILLISECONDS);
        }
    }

    /** True while a watcher runs (not when rescanning instead). */
    boolean watching() {
        return watcher != null;
    }

    /**
     * After a full scan: if it met a folder that is not being watched (watching was set up from the folders the
     * stored index knew, or one was created while it was being set up), set watching up again from the folders the
     * scan met and scan once more under {@code generation}, so no folder goes unwatched. At most once per share.
     */
    void checkWatched(Scanner.ScanResult result, long generation) {
        if (watcher == null || rewatched || !result.root().isEmpty()) {
            return;
        }
        for (String folder : result.seen().keySet()) {
            Path abs = result.share().resolve(folder);
            if (!watcher.watches(abs)) {
                log.info("The folder {} is new since watching was set up; setting it up again", abs);
                rewatched = true;
                watcher.close();
                List<Path> met = new ArrayList<>();
                result.seen().keySet().forEach(path -> met.add(result.share().resolve(path)));
                try {
                    watcher = Watcher.start(result.share(), changes, met);
                } catch (IOException | RuntimeException e) {
                    watcher = null;
                    log.warn("Cannot watch {} for changes any more: {}", result.share(), e.getMessage());
                }
                scanner.request(result.share(), "", generation);
                return;
            }
        }
    }

    /** Stops watching and rescanning. */
    void stop() {
        if (watcher != null) {
            watcher.close();
        }
        if (rescans != null) {
            rescans.cancel(false);
        }
        watcher = null;
        rescans = null;
    }
}
