package io.iwant.tui.screen;

import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.DefaultTerminalFactory;
import com.googlecode.lanterna.terminal.Terminal;
import com.googlecode.lanterna.terminal.ansi.UnixLikeTerminal;
import io.iwant.protocol.home.Home;
import io.iwant.tui.screen.link.SocketLink;
import io.iwant.tui.screen.work.Timing;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * {@code iwanto} without a command: the full-screen UI on the real terminal. The terminal is restored however the
 * UI ends: quit, Ctrl-C, an error, or a signal (Lanterna's shutdown hook).
 */
public final class FullScreen {
    private FullScreen() {
    }

    /**
     * Runs the UI until the user quits; returns the exit code.
     *
     * @param startCommand what the user types to start this home's daemon
     */
    public static int run(Home home, String startCommand, PrintWriter err) {
        if (System.console() == null) {
            err.println("the full-screen UI needs a terminal; use the commands of 'iwanto --help' instead");
            return 1;
        }
        if (System.getProperty("iwant.home") == null) {
            System.setProperty("iwant.home", home.dir().toString()); // the log goes to <home>/iwant.log
        }
        PrintStream realOut = System.out;
        PrintStream realErr = System.err;
        Throwable failure;
        Terminal terminal;
        try {
            terminal = new DefaultTerminalFactory(realOut, System.in, StandardCharsets.UTF_8)
                    .setForceTextTerminal(true)
                    .setUnixTerminalCtrlCBehaviour(UnixLikeTerminal.CtrlCBehaviour.TRAP)
                    .createTerminal();
        } catch (IOException | RuntimeException e) {
            err.println("cannot open the terminal for the full-screen UI: " + e.getMessage());
            return 1;
        }
        // anything printed while the screen is up would tear it: silence stray output until the terminal is back
        PrintStream silent = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        System.setOut(silent);
        System.setErr(silent);
        TerminalScreen screen = null;
        try {
            screen = new TerminalScreen(terminal);
            screen.startScreen();
            try (App app = new App(screen, new SocketLink(home), home.toString(), startCommand, home.log(),
                    Timing.DEFAULT)) {
                app.start();
                app.awaitQuit();
                failure = app.failure();
            }
        } catch (IOException | RuntimeException e) {
            failure = e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = null;
        } finally {
            restore(screen, terminal);
            System.setOut(realOut);
            System.setErr(realErr);
        }
        if (failure != null) {
            LoggerFactory.getLogger(FullScreen.class).error("the full-screen UI failed", failure);
            err.println("the full-screen UI stopped after an unexpected error: " + failure.getMessage()
                    + " (details in " + home.log() + ")");
            return 1;
        }
        return 0;
    }

    private static void restore(TerminalScreen screen, Terminal terminal) {
        try {
            if (screen != null) {
                screen.stopScreen();
            }
        } catch (IOException | RuntimeException ignored) {
            // still try to give the terminal back below
        }
        try {
            terminal.close();
        } catch (IOException | RuntimeException ignored) {
            // nothing more can be done for a terminal that is gone
        }
    }
}
