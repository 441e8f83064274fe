package io.iwant.tui.screen.view;

import io.iwant.protocol.control.ControlReply;
import io.iwant.protocol.control.ControlReply.Network;
import io.iwant.protocol.control.ControlReply.NetworkMode;
import io.iwant.protocol.control.DownloadState;
import io.iwant.tui.screen.model.ConnectionModel;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The status bar always says open or private; the key's fingerprint shows where there is room for it. */
class BarsTest {
    private static final String REST = " │ leader 7b1d20aa │ 2 peers │ 1234 files, 12.4 GiB │ 2 active";

    private static ConnectionModel online(Network network) {
        ConnectionModel connection = new ConnectionModel("/h", "iwanto start");
        List<ControlReply.Member> members = List.of(
                new ControlReply.Member("7b1d20aa9c3e5f12", "10.0.0.2:7378", 1000, true, false),
                new ControlReply.Member("3f2a9c1e4b5d6a70", "10.0.0.1:7378", 1000, false, true));
        List<ControlReply.Download> running = List.of(download("a"), download("b"));
        connection.online(new ControlReply.Status("3f2a9c1e4b5d6a70", "0.1.0", "/h", "/s", "/d", 1000,
                "7b1d20aa9c3e5f12", members, new ControlReply.IndexState(1234, 56, 13_314_398_618L, false, 0, 0),
                running, List.of(), network));
        return connection;
    }

    private static ControlReply.Download download(String name) {
        return new ControlReply.Download(name.repeat(64), name, false, DownloadState.DOWNLOADING, 0, 10, 0, -1, 1,
                "", "");
    }

    @Test
    void a_wide_terminal_shows_the_private_networks_fingerprint() {
        ConnectionModel c = online(new Network(NetworkMode.PRIVATE, "3f9a1c228b07", null));
        assertEquals(" ● connected │ private 3f9a1c228b07" + REST, Bars.statusLine(c, 120));
    }

    @Test
    void at_80_columns_the_fingerprint_gives_way_first_then_the_word_connected() {
        ConnectionModel c = online(new Network(NetworkMode.PRIVATE, "3f9a1c228b07", null));
        assertEquals(" ● connected │ private" + REST, Bars.statusLine(c, 85));
        assertEquals(" ● private" + REST, Bars.statusLine(c, 80));
        assertEquals(" ● private" + REST, Bars.statusLine(c, 20), "the painter cuts what still does not fit");
    }

    @Test
    void an_open_network_says_open() {
        ConnectionModel c = online(new Network(NetworkMode.OPEN, null, "5d0e4b1c9a22"));
        assertEquals(" ● connected │ open" + REST, Bars.statusLine(c, 120));
        assertEquals(" ● connected │ open" + REST, Bars.statusLine(c, 82));
    }
}
