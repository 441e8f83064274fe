package io.iwant.tui.screen.view;

import io.iwant.tui.screen.model.ConnectionModel;

/** What every view shows while the daemon does not answer: why, and how to start it. */
final class Offline {
    private Offline() {
    }

    /** Paints the message from {@code row}; returns the row after it. */
    static int paint(Painter p, int row, ConnectionModel connection) {
        if (connection.state() == ConnectionModel.State.CONNECTING) {
            return p.wrap(row, 2, "Connecting to the iwant daemon of " + connection.home() + "…", Style.HINT);
        }
        if (!connection.problem().isEmpty()) {
            row = p.wrap(row, 2, "The iwant daemon of " + connection.home() + " does not answer properly:",
                    Style.WARN);
            row = p.wrap(row, 2, connection.problem(), Style.ERROR);
            return p.wrap(row + 1, 2, "Trying again every second; its log may say more (F5).", Style.HINT);
        }
        row = p.wrap(row, 2, "No iwant daemon is running for " + connection.home() + ".", Style.WARN);
        row = p.wrap(row + 1, 2, "Start one in another terminal with:", Style.NORMAL);
        p.put(6, row + 1, connection.startCommand(), Style.HEADING);
        return p.wrap(row + 3, 2, "This screen connects by itself as soon as the daemon answers.", Style.HINT);
    }
}
