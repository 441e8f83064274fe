package io.iwant.tui.screen.view;

import io.iwant.protocol.control.ControlReply.Hit;
import io.iwant.tui.screen.model.ConnectionModel;
import io.iwant.tui.screen.model.SearchModel;
import io.iwant.tui.text.Units;

import java.util.List;

/** The search results: name, size, peers and short hash, the highlighted one marked; or why there are none. */
final class ResultsPane extends Pane {
    private static final int SIZE = 10;
    private static final int PEERS = 5;
    private static final int HASH = 12;

    private final SearchModel search;
    private final ConnectionModel connection;
    private int top;
    private int visibleRows = 1;

    ResultsPane(SearchModel search, ConnectionModel connection) {
        super(0);
        this.search = search;
        this.connection = connection;
    }

    /** Rows of results that fit, for page keys. */
    int visibleRows() {
        return visibleRows;
    }

    @Override
    protected void paint(Painter p) {
        int nameWidth = Math.max(8, p.width() - 2 - (2 + SIZE) - (2 + PEERS) - (2 + HASH));
        List<Hit> hits = search.hits();
        String count = switch (search.phase()) {
            case RESULTS -> hits.size() == 1 ? "  1 result" : "  " + hits.size() + " results";
            case SEARCHING -> "  searching…";
            default -> "";
        };
        p.line(0, "  " + Text.fit("NAME" + count, nameWidth) + "  " + Text.right("SIZE", SIZE) + "  "
                + Text.right("PEERS", PEERS) + "  " + Text.fit("HASH", HASH), Style.HEADING);
        visibleRows = Math.max(1, p.height() - 1);
        if (!connection.isOnline()) {
            Offline.paint(p, 2, connection);
            return;
        }
        if (hits.isEmpty()) {
            paintEmpty(p, 2);
            return;
        }
        int selected = search.selected();
        if (selected < top) {
            top = selected;
        } else if (selected >= top + visibleRows) {
            top = selected - visibleRows + 1;
        }
        top = Math.max(0, Math.min(top, Math.max(0, hits.size() - visibleRows)));
        for (int i = top; i < hits.size() && i - top < visibleRows; i++) {
            Hit h = hits.get(i);
            boolean on = i == selected;
            String name = h.dir() ? h.name() + "/" : h.name();
            p.line(1 + i - top, (on ? "> " : "  ") + Text.fit(name, nameWidth) + "  "
                    + Text.right(Units.bytes(h.size()), SIZE) + "  " + Text.right(Integer.toString(h.peers()), PEERS)
                    + "  " + Units.shortHash(h.hash()), on ? Style.SELECTED : Style.NORMAL);
        }
    }

    private void paintEmpty(Painter p, int row) {
        String leader = connection.leader();
        switch (search.phase()) {
            case IDLE -> {
                row = p.wrap(row, 2, "Type a few letters of a file or folder name; typos are fine.", Style.HINT);
                if (leader == null) {
                    p.wrap(row + 1, 2, "No leader is known yet: the peers are still electing one.", Style.WARN);
                }
            }
            case SEARCHING -> p.wrap(row, 2, "Searching…", Style.HINT);
            case FAILED -> {
                row = p.wrap(row, 2, "The search failed: " + search.failure(), Style.ERROR);
                if (leader == null) {
                    p.wrap(row + 1, 2, "No leader is known yet; the search runs again as soon as one is elected.",
                            Style.WARN);
                }
            }
            case RESULTS -> p.wrap(row, 2, leader == null
                    ? "No leader is known yet, so nothing can be found; the search runs again as soon as one is elected."
                    : "Nothing on the network matches \"" + search.query() + "\".", Style.WARN);
        }
    }
}
