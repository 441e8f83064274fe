package io.iwant.daemon.index;

import io.methvin.watcher.DirectoryChangeEvent;
import io.methvin.watcher.DirectoryWatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Live file events for one share root from io.methvin directory-watcher (inotify on Linux, FSEvents on macOS, the
 * JDK watch service elsewhere), fed into a {@link ChangeAggregator}. Events for excluded paths are dropped here.
 * The watcher's loop runs on its own thread, {@code iwant-index-watch}.
 */
final class Watcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Watcher.class);

    private final DirectoryWatcher watcher;
    private final WalkOnceVisitor visitor;
    private final ExecutorService thread;
    private final CompletableFuture<Void> running;

    private Watcher(DirectoryWatcher watcher, WalkOnceVisitor visitor, ExecutorService thread) {
        this.watcher = watcher;
        this.visitor = visitor;
        this.thread = thread;
        this.running = watcher.watchAsync(thread);
        running.whenComplete((ok, e) -> {
            if (e != null && !watcher.isClosed()) {
                log.warn("Watching {} stopped: {}", watcher, e.getMessage());
            }
        });
    }

    /**
     * Registers every folder below {@code share}'s root and starts watching: the {@code known} folders (the root
     * included) if given, else every folder a walk finds.
     */
    static Watcher start(Share share, ChangeAggregator changes, List<Path> known) throws IOException {
        WalkOnceVisitor visitor = new WalkOnceVisitor(share.root(), known);
        DirectoryWatcher watcher = DirectoryWatcher.builder()
                .path(share.root())
                .fileHashing(false)
                .fileTreeVisitor(visitor)
                .listener(event -> onEvent(share, changes, event))
                .build();
        ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "iwant-index-watch");
            t.setDaemon(true);
            return t;
        });
        try {
            return new Watcher(watcher, visitor, thread);
        } finally {
            visitor.forget();
        }
    }

    /** True if {@code folder} was registered when watching began (or later, as it was created). */
    boolean watches(Path folder) {
        return visitor.handedOut(folder);
    }

    private static void onEvent(Share share, ChangeAggregator changes, DirectoryChangeEvent event) {
        if (event.eventType() == DirectoryChangeEvent.EventType.OVERFLOW) {
            log.info("The watcher lost events under {}; rescanning it", share);
            changes.overflow();
            return;
        }
        Path path = event.path();
        if (path == null || share.excluded(path)) {
            return;
        }
        int kind = switch (event.eventType()) {
            case CREATE -> ChangeAggregator.CREATED;
            case DELETE -> ChangeAggregator.DELETED;
            default -> ChangeAggregator.MODIFIED;
        };
        changes.add(path, kind);
    }

    @Override
    public void close() {
        try {
            watcher.close();
        } catch (IOException e) {
            log.debug("Closing the watcher: {}", e.getMessage());
        }
        thread.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
