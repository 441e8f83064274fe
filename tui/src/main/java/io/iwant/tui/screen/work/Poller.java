package io.iwant.tui.screen.work;

import io.iwant.protocol.UserError;
import io.iwant.protocol.control.ControlReply;
import io.iwant.tui.screen.link.DaemonLink;
import io.iwant.tui.screen.model.ConnectionModel;
import io.iwant.tui.screen.model.LogModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Asks the daemon for its state on its own thread, a few times a second while it answers and about once a second
 * while it does not, and hands every answer to the GUI thread. Also tails the log while the log view wants it.
 */
public final class Poller implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Poller.class);

    private final DaemonLink link;
    private final Executor gui;
    private final ConnectionModel connection;
    private final LogModel log;
    private final Path logFile;
    private final Timing timing;
    private final ScheduledExecutorService thread = Workers.single("iwant-ui-poll");
    private volatile boolean tailLog;
    private ScheduledFuture<?> next;

    public Poller(DaemonLink link, Executor gui, ConnectionModel connection, LogModel log, Path logFile,
                  Timing timing) {
        this.link = link;
        this.gui = gui;
        this.connection = connection;
        this.log = log;
        this.logFile = logFile;
        this.timing = timing;
    }

    /** Starts polling at once. */
    public void start() {
        schedule(0);
    }

    /** Polls as soon as possible (after an action, so its effect shows at once). Any thread. */
    public void pollNow() {
        schedule(0);
    }

    /** Whether each poll also reads the log's tail. Any thread. */
    public void tailLog(boolean on) {
        tailLog = on;
        if (on) {
            pollNow();
        }
    }

    private synchronized void schedule(long delayMillis) {
        if (thread.isShutdown()) {
            return;
        }
        if (next != null && !next.isDone() && next.getDelay(TimeUnit.MILLISECONDS) <= delayMillis) {
            return; // an earlier poll is already due
        }
        if (next != null) {
            next.cancel(false);
        }
        try {
            next = thread.schedule(this::tick, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closing) {
            next = null; // the UI is closing
        }
    }

    private void tick() {
        synchronized (this) {
            next = null;
        }
        boolean online = pollStatus();
        if (tailLog) {
            pollLog();
        }
        schedule((online ? timing.poll() : timing.retry()).toMillis());
    }

    private boolean pollStatus() {
        try {
            ControlReply.Status status = link.status();
            gui.execute(() -> connection.online(status));
            return true;
        } catch (UserError e) {
            String problem = e.exitCode() == UserError.NO_DAEMON ? "" : e.getMessage();
            gui.execute(() -> connection.offline(problem));
            return false;
        } catch (RuntimeException e) {
            LOG.warn("status poll failed", e);
            String problem = "the daemon's status could not be read: " + e.getMessage();
            gui.execute(() -> connection.offline(problem));
            return false;
        }
    }

    private void pollLog() {
        try {
            List<String> lines = LogTail.read(logFile, timing.logLines());
            gui.execute(() -> log.update(lines, ""));
        } catch (NoSuchFileException e) {
            gui.execute(() -> log.update(List.of(), "There is no log yet at " + logFile + "."));
        } catch (IOException | RuntimeException e) {
            String why = "The log " + logFile + " cannot be read: " + e.getMessage();
            gui.execute(() -> log.update(List.of(), why));
        }
    }

    @Override
    public void close() {
        Workers.stop(thread);
    }
}
