package io.iwant.tui.screen;

import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.graphics.SimpleTheme;
import com.googlecode.lanterna.gui2.DefaultWindowManager;
import com.googlecode.lanterna.gui2.EmptySpace;
import com.googlecode.lanterna.gui2.MultiWindowTextGUI;
import com.googlecode.lanterna.gui2.SameTextGUIThread;
import com.googlecode.lanterna.gui2.TextGUIThread;
import com.googlecode.lanterna.screen.Screen;
import io.iwant.protocol.control.ControlReply.Hit;
import io.iwant.protocol.control.ControlRequest;
import io.iwant.tui.screen.link.DaemonLink;
import io.iwant.tui.screen.model.ConnectionModel;
import io.iwant.tui.screen.model.DownloadsModel;
import io.iwant.tui.screen.model.LogModel;
import io.iwant.tui.screen.model.Notice;
import io.iwant.tui.screen.model.SearchModel;
import io.iwant.tui.screen.model.SettingsModel;
import io.iwant.tui.screen.view.DownloadsView;
import io.iwant.tui.screen.view.LogView;
import io.iwant.tui.screen.view.NetworkView;
import io.iwant.tui.screen.view.SearchView;
import io.iwant.tui.screen.view.SettingsView;
import io.iwant.tui.screen.view.View;
import io.iwant.tui.screen.work.Actions;
import io.iwant.tui.screen.work.Poller;
import io.iwant.tui.screen.work.Searcher;
import io.iwant.tui.screen.work.Timing;
import io.iwant.tui.screen.work.Workers;
import io.iwant.tui.player.Player;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The full-screen UI on a given screen and daemon: the models, the views, the main window and three threads: the
 * GUI thread (the only one that touches a model, a widget or the screen), the poller and the worker, which talk to
 * the daemon and hand their answers to the GUI thread. Usable on a real terminal and on a virtual one in tests.
 */
public final class App implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(App.class);
    /** How long the GUI thread naps when no key and no update is waiting: the worst added key latency. */
    private static final long IDLE_MILLIS = 10;

    private final Screen screen;
    private final DaemonLink link;
    private final Timing timing;
    private final ConnectionModel connection;
    private final LogModel log;
    private final Path logFile;
    /** Where the play key looks for the user's player. */
    private final Map<String, String> env;
    private final CountDownLatch quit = new CountDownLatch(1);
    private volatile Throwable failure;
    private volatile Thread guiLoop;
    // made and used on the GUI thread; close() reads poller and worker after the GUI thread has published them
    private MultiWindowTextGUI gui;
    private volatile ScheduledExecutorService worker;
    private volatile Poller poller;
    private MainWindow window;

    /**
     * @param home         shown to the user (where the daemon lives)
     * @param startCommand what starts that daemon, e.g. {@code iwanto start}
     * @param logFile      the daemon's log, tailed by the log view
     */
    public App(Screen screen, DaemonLink link, String home, String startCommand, Path logFile, Timing timing) {
        this(screen, link, home, startCommand, logFile, timing, System.getenv());
    }

    /** The same, with {@code env} (a process environment) saying which player the play key opens. */
    public App(Screen screen, DaemonLink link, String home, String startCommand, Path logFile, Timing timing,
               Map<String, String> env) {
        this.env = Map.copyOf(env);
        this.screen = screen;
        this.link = link;
        this.timing = timing;
        this.logFile = logFile;
        this.connection = new ConnectionModel(home, startCommand);
        this.log = new LogModel(logFile.toString());
    }

    /** Starts the GUI thread, which builds the window on the (already started) screen and starts the others. */
    public void start() {
        Thread thread = new Thread(this::guiLoop, "iwant-ui-gui");
        thread.setDaemon(true);
        guiLoop = thread;
        thread.start();
    }

    /**
     * The GUI thread. Lanterna's own separate GUI thread can miss its start (it checks its state before the starter
     * sets it), so this thread drives Lanterna's same-thread loop itself: it creates the GUI, so it is the GUI
     * thread, and it runs until the user quits.
     */
    private void guiLoop() {
        try {
            build();
            TextGUIThread thread = gui.getGUIThread();
            while (quit.getCount() > 0) {
                if (!thread.processEventsAndUpdate()) {
                    Thread.sleep(IDLE_MILLIS);
                }
            }
        } catch (EOFException e) {
            LOG.info("the terminal closed its input; leaving the full-screen UI");
        } catch (IOException | RuntimeException e) {
            fail(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            quit.countDown();
        }
    }

    private void build() {
        gui = new MultiWindowTextGUI(new SameTextGUIThread.Factory(), screen, new DefaultWindowManager(), null,
                new EmptySpace(TextColor.ANSI.DEFAULT));
        gui.setTheme(theme());
        TextGUIThread thread = gui.getGUIThread();
        // Lanterna hands what goes wrong inside its loop to this handler and carries on; a broken screen should
        // not carry on, so the failure ends the UI (and is reported once the terminal is back)
        thread.setExceptionHandler(new TextGUIThread.ExceptionHandler() {
            @Override
            public boolean onIOException(IOException e) {
                return fail(e);
            }

            @Override
            public boolean onRuntimeException(RuntimeException e) {
                return fail(e);
            }
        });
        Executor onGui = thread::invokeLater;
        worker = Workers.single("iwant-ui-worker");
        poller = new Poller(link, onGui, connection, log, logFile, timing);
        Actions actions = new Actions(link, worker, onGui, poller);
        Notice notice = new Notice();
        SearchModel search = new SearchModel();
        DownloadsModel downloads = new DownloadsModel();
        SettingsModel settings = new SettingsModel();
        connection.listeners().add(() -> {
            if (connection.isOnline()) {
                downloads.update(connection.status().transfers());
                settings.daemonValues(connection.status().share(), connection.status().downloads());
            }
        });
        Searcher searcher = new Searcher(link, worker, onGui, search, timing);
        List<View> views = List.of(
                new SearchView(search, connection, searcher, hit -> download(hit, actions, downloads, notice),
                        hit -> play(hit.hash(), hit.name(), hit.dir(), actions, notice)),
                new DownloadsView(downloads, connection, actions, notice,
                        d -> play(d.hash(), d.name(), d.dir(), actions, notice)),
                new NetworkView(connection),
                new SettingsView(settings, connection, actions),
                new LogView(log, poller::tailLog));
        window = new MainWindow(views, connection, notice, this::quit);
        gui.addWindow(window);
        poller.start();
    }

    private boolean fail(Exception e) {
        LOG.error("the full-screen UI failed", e);
        if (failure == null) {
            failure = e;
        }
        quit.countDown();
        return true;
    }

    /** Enter on a search result: ask for the download, then show it in the downloads view. */
    private void download(Hit hit, Actions actions, DownloadsModel downloads, Notice notice) {
        String name = hit.dir() ? hit.name() + "/" : hit.name();
        notice.show("asking for \"" + name + "\"…", false);
        actions.run(new ControlRequest.Download(hit.hash(), false), message -> {
            downloads.select(hit.hash());
            window.show(1);
            notice.show(message.isBlank() ? "downloading \"" + name + "\"" : message, false);
        }, message -> notice.show("cannot download \"" + name + "\": " + message, true));
    }

    /**
     * The play key: the daemon starts the download and serves it on 127.0.0.1; the user's player opens that URL in
     * the background (it gets no terminal: this UI keeps it), or the notice shows the URL when there is no player.
     */
    private void play(String hash, String name, boolean dir, Actions actions, Notice notice) {
        if (dir) {
            notice.show("\"" + name + "/\" is a folder; only a file can be played", true);
            return;
        }
        notice.show("asking to play \"" + name + "\"…", false);
        actions.run(new ControlRequest.Play(hash), url -> {
            Optional<Player> player = Player.find(env);
            if (player.isEmpty()) {
                notice.show("no player found (set IWANT_PLAYER); open " + url, false);
                return;
            }
            try {
                player.get().open(url);
                notice.show("playing \"" + name + "\" in " + player.get().name(), false);
            } catch (IOException e) {
                notice.show("cannot start " + player.get().name() + ": " + e.getMessage() + "; open " + url, true);
            }
        }, message -> notice.show("cannot play \"" + name + "\": " + message, true));
    }

    /** Ends the UI: the caller of {@link #awaitQuit} returns. Any thread. */
    public void quit() {
        quit.countDown();
    }

    /** Waits until the user quits or the UI fails. */
    public void awaitQuit() throws InterruptedException {
        quit.await();
    }

    /** Waits at most {@code timeout}; returns true when the UI has quit. */
    public boolean awaitQuit(long timeout, TimeUnit unit) throws InterruptedException {
        return quit.await(timeout, unit);
    }

    /** What stopped the GUI thread, or null when the user quit. */
    public Throwable failure() {
        return failure;
    }

    /** Stops the threads and closes the window; the caller restores the terminal (stops the screen). */
    @Override
    public void close() {
        quit.countDown();
        Thread thread = guiLoop;
        if (thread != null && thread != Thread.currentThread()) {
            try {
                thread.join(2000); // after this the GUI thread no longer draws, and poller and worker are set
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (poller != null) {
            poller.close();
        }
        if (worker != null) {
            Workers.stop(worker);
        }
    }

    private static SimpleTheme theme() {
        TextColor plain = TextColor.ANSI.DEFAULT;
        return SimpleTheme.makeTheme(true, plain, plain, TextColor.ANSI.WHITE_BRIGHT, TextColor.ANSI.BLUE,
                TextColor.ANSI.WHITE_BRIGHT, TextColor.ANSI.BLUE, plain);
    }
}
