package io.iwant.tui.screen.view;

import io.iwant.protocol.control.ControlReply;
import io.iwant.protocol.control.ControlReply.Member;
import io.iwant.tui.screen.model.ConnectionModel;
import io.iwant.tui.text.Units;

import java.util.List;

/** This peer, the leader and every member with its address, age and role. */
final class NetworkPane extends Pane {
    private static final int ID = 16;
    private static final int AGE = 9;

    private final ConnectionModel connection;
    private int top;
    private int visibleRows = 1;

    NetworkPane(ConnectionModel connection) {
        super(0);
        this.connection = connection;
    }

    /** Scrolls the member list by {@code delta} rows. */
    void scroll(int delta) {
        top = Math.max(0, top + delta);
        invalidate();
    }

    int visibleRows() {
        return visibleRows;
    }

    @Override
    protected void paint(Painter p) {
        p.line(0, " NETWORK", Style.HEADING);
        if (!connection.isOnline()) {
            Offline.paint(p, 2, connection);
            return;
        }
        ControlReply.Status s = connection.status();
        label(p, 1, "This peer", s.peerId() + "  (up " + Units.duration(s.uptimeMillis() / 1000) + ", version "
                + s.version() + ")", Style.NORMAL);
        if (s.leader() == null) {
            label(p, 2, "Leader", "none yet: the peers are electing one", Style.WARN);
        } else {
            label(p, 2, "Leader", s.leader() + (s.leader().equals(s.peerId()) ? "  (this peer)" : ""), Style.NORMAL);
        }
        ControlReply.IndexState ix = s.index();
        label(p, 3, "Sharing", s.share(), Style.NORMAL);
        label(p, 4, "Index", ix.files() + " files, " + ix.folders() + " folders, " + Units.bytes(ix.bytes())
                + (ix.hashing() ? "  (hashing " + Units.bytes(ix.hashedBytes()) + " of "
                + Units.bytes(ix.pendingBytes()) + ")" : ""), Style.NORMAL);
        List<Member> members = s.members();
        int addressWidth = Math.max(10, p.width() - 2 - ID - 2 - 2 - AGE - 2 - 17);
        p.line(6, "  " + Text.fit("PEER ID", ID) + "  " + Text.fit("ADDRESS", addressWidth) + "  "
                + Text.right("UP", AGE) + "  ROLE", Style.HEADING);
        if (members.isEmpty()) {
            p.wrap(7, 2, "No other peer has been seen yet.", Style.HINT);
            return;
        }
        visibleRows = Math.max(1, p.height() - 7);
        top = Math.max(0, Math.min(top, members.size() - visibleRows));
        for (int i = top; i < members.size() && i - top < visibleRows; i++) {
            Member m = members.get(i);
            String role = m.leader() && m.self() ? "leader, this peer" : m.leader() ? "leader" : m.self()
                    ? "this peer" : "";
            p.line(7 + i - top, (m.leader() ? "* " : "  ") + Text.fit(m.peerId(), ID) + "  "
                    + Text.fit(m.address(), addressWidth) + "  " + Text.right(Units.duration(m.ageMillis() / 1000), AGE)
                    + "  " + role, m.leader() ? Style.HEADING : Style.NORMAL);
        }
        if (members.size() > visibleRows) {
            p.put(p.width() - 14, 6, Text.right((top + 1) + "-" + Math.min(members.size(), top + visibleRows) + " of "
                    + members.size(), 13), Style.HINT);
        }
    }

    private static void label(Painter p, int row, String label, String value, Style style) {
        p.put(1, row, Text.fit(label, 11), Style.HEADING);
        p.put(13, row, value, style);
    }
}
