package io.iwant.tui.cli;

import io.iwant.protocol.home.Home;

import java.io.PrintWriter;

/** Opens the full-screen UI for a home. */
final class FullScreenLauncher {
    private FullScreenLauncher() {
    }

    static int launch(Home home, PrintWriter out, PrintWriter err) {
        err.println("the full-screen UI is not part of this build yet; use the commands of 'iwanto --help'");
        return 1;
    }
}
