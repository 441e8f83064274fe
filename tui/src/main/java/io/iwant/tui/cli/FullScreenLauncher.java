package io.iwant.tui.cli;

import io.iwant.protocol.home.Home;
import io.iwant.tui.screen.FullScreen;

import java.io.PrintWriter;

/** Opens the full-screen UI for a home. */
final class FullScreenLauncher {
    private FullScreenLauncher() {
    }

    static int launch(Home home, PrintWriter err) {
        return FullScreen.run(home, startCommand(home), err);
    }

    /** What starts this home's daemon: plain {@code iwanto start} for the default home, else with its --home. */
    static String startCommand(Home home) {
        Home usual = Home.resolve(null, System.getenv());
        return usual.equals(home) ? "iwanto start" : "iwanto --home " + quote(home.toString()) + " start";
    }

    private static String quote(String path) {
        return path.matches("[A-Za-z0-9_./~:-]+") ? path : "'" + path.replace("'", "'\\''") + "'";
    }
}
