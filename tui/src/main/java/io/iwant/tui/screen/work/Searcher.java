package io.iwant.tui.screen.work;

import io.iwant.protocol.UserError;
import io.iwant.protocol.control.ControlReply.Hit;
import io.iwant.tui.screen.link.DaemonLink;
import io.iwant.tui.screen.model.SearchModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Search as you type: a query is sent once typing pauses for the debounce time, on the worker thread; a query that
 * a newer one overtook before it left is never sent, and an answer that arrives after a newer query is dropped by
 * {@link SearchModel#answer}. {@link #typed} and {@link #refresh} run on the GUI thread.
 */
public final class Searcher {
    private static final Logger LOG = LoggerFactory.getLogger(Searcher.class);

    private final DaemonLink link;
    private final ScheduledExecutorService worker;
    private final Executor gui;
    private final SearchModel model;
    private final Timing timing;
    private final AtomicLong latest = new AtomicLong();
    private Future<?> pending;

    public Searcher(DaemonLink link, ScheduledExecutorService worker, Executor gui, SearchModel model, Timing timing) {
        this.link = link;
        this.worker = worker;
        this.gui = gui;
        this.model = model;
        this.timing = timing;
    }

    /** The query box now holds {@code query}. */
    public void typed(String query) {
        if (query.equals(model.query())) {
            return;
        }
        long ticket = model.ask(query);
        send(ticket, query, timing.debounce().toMillis());
    }

    /** Asks again for the current query at once (the daemon came back, or a leader appeared). */
    public void refresh() {
        long ticket = model.refresh();
        if (ticket >= 0) {
            send(ticket, model.query(), 0);
        }
    }

    private void send(long ticket, String query, long delayMillis) {
        latest.set(ticket);
        if (pending != null) {
            pending.cancel(false);
            pending = null;
        }
        if (query.isBlank() || worker.isShutdown()) {
            return;
        }
        try {
            pending = worker.schedule(() -> search(ticket, query.trim()), delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closing) {
            pending = null; // the UI is closing
        }
    }

    private void search(long ticket, String query) {
        if (latest.get() != ticket) {
            return;
        }
        try {
            List<Hit> hits = link.search(query, timing.searchLimit());
            gui.execute(() -> model.answer(ticket, hits));
        } catch (UserError e) {
            gui.execute(() -> model.fail(ticket, e.getMessage()));
        } catch (RuntimeException e) {
            LOG.warn("search for \"{}\" failed", query, e);
            gui.execute(() -> model.fail(ticket, "the search failed unexpectedly: " + e.getMessage()));
        }
    }
}
