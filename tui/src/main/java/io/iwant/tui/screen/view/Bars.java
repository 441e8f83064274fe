package io.iwant.tui.screen.view;

import io.iwant.protocol.control.ControlReply;
import io.iwant.tui.screen.model.ConnectionModel;
import io.iwant.tui.screen.model.Notice;
import io.iwant.tui.text.Units;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/** The one-row bars around the views: the tab line on top, the status bar and the key help at the bottom. */
public final class Bars {
    private Bars() {
    }

    /** " iwant  F1 Search  F2 Downloads …" with the current view's tab in reverse video. */
    public static Pane tabs(List<View> views, IntSupplier current) {
        return new Pane(1) {
            @Override
            protected void paint(Painter p) {
                int col = p.put(0, 0, " iwant ", Style.HEADING);
                for (int i = 0; i < views.size(); i++) {
                    col = p.put(col + 1, 0, " F" + (i + 1) + " " + views.get(i).title() + " ",
                            i == current.getAsInt() ? Style.TAB_ACTIVE : Style.TAB);
                }
            }
        };
    }

    /** Daemon connected or not, open or private, the leader, the index and the downloads running. */
    public static Pane status(ConnectionModel connection) {
        return new Pane(1) {
            @Override
            protected void paint(Painter p) {
                p.line(0, statusLine(connection, p.width()), Style.BAR);
            }
        };
    }

    /**
     * The status bar's text for a terminal {@code columns} wide. Open or private always shows; the key's
     * fingerprint, then the word "connected" (the dot says it too) give way when the line would not fit.
     */
    static String statusLine(ConnectionModel connection, int columns) {
        switch (connection.state()) {
            case CONNECTING:
                return " … connecting to the daemon of " + connection.home();
            case OFFLINE:
                return connection.problem().isEmpty()
                        ? " ○ no daemon: start it with '" + connection.startCommand() + "' (retrying)"
                        : " ○ daemon not answering properly (retrying)";
            default:
                break;
        }
        ControlReply.Status s = connection.status();
        String leader = s.leader() == null ? "no leader yet"
                : s.leader().equals(s.peerId()) ? "this peer leads"
                : "leader " + s.leader().substring(0, Math.min(8, s.leader().length()));
        ControlReply.IndexState ix = s.index();
        String index = ix.files() + (ix.files() == 1 ? " file, " : " files, ") + Units.bytes(ix.bytes())
                + (ix.hashing() ? ", hashing" : "");
        long running = s.transfers().stream().filter(d -> d.state().active()).count();
        String rest = " │ " + leader + " │ " + s.members().size() + " peers │ " + index
                + (running > 0 ? " │ " + running + " active" : "");
        ControlReply.Network network = s.network();
        String mode = network.mode().label();
        List<String> candidates = new ArrayList<>();
        if (network.fingerprint() != null) {
            candidates.add(" ● connected │ " + mode + " " + network.fingerprint() + rest);
        }
        candidates.add(" ● connected │ " + mode + rest);
        String shortest = " ● " + mode + rest;
        return candidates.stream().filter(line -> Text.width(line) <= columns).findFirst().orElse(shortest);
    }

    /** The current view's keys, or the last notice until the next key press. */
    public static Pane help(Notice notice, Supplier<View> current) {
        return new Pane(1) {
            @Override
            protected void paint(Painter p) {
                if (!notice.text().isEmpty()) {
                    p.put(1, 0, notice.text(), notice.isError() ? Style.ERROR : Style.OK);
                } else {
                    p.put(1, 0, current.get().keys(), Style.HINT);
                }
            }
        };
    }
}
