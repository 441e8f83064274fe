package io.iwant.tui.screen.work;

import io.iwant.protocol.UserError;
import io.iwant.protocol.control.ControlRequest;
import io.iwant.tui.screen.link.DaemonLink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * Runs the user's requests (download, cancel, retry, clear, set folder) on the worker thread and reports each
 * outcome on the GUI thread; afterwards the poller is asked for a fresh status so the effect shows at once.
 */
public final class Actions {
    private static final Logger LOG = LoggerFactory.getLogger(Actions.class);

    private final DaemonLink link;
    private final ScheduledExecutorService worker;
    private final Executor gui;
    private final Poller poller;

    public Actions(DaemonLink link, ScheduledExecutorService worker, Executor gui, Poller poller) {
        this.link = link;
        this.worker = worker;
        this.gui = gui;
        this.poller = poller;
    }

    /**
     * Sends {@code request}; then, on the GUI thread, {@code done} gets the daemon's message or {@code failed} one
     * sentence saying why it did not happen.
     */
    public void run(ControlRequest request, Consumer<String> done, Consumer<String> failed) {
        try {
            worker.execute(() -> perform(request, done, failed));
        } catch (RejectedExecutionException closing) {
            // the UI is closing; nobody waits for the outcome
        }
    }

    private void perform(ControlRequest request, Consumer<String> done, Consumer<String> failed) {
        try {
            String message = link.act(request);
            gui.execute(() -> done.accept(message));
        } catch (UserError e) {
            gui.execute(() -> failed.accept(e.getMessage()));
        } catch (RuntimeException e) {
            LOG.warn("{} failed", request, e);
            gui.execute(() -> failed.accept("the request failed unexpectedly: " + e.getMessage()));
        }
        poller.pollNow();
    }
}
