package io.iwant.tui.cli;

import io.iwant.protocol.control.ControlReply;
import io.iwant.protocol.control.ControlReply.Network;
import io.iwant.protocol.control.ControlReply.NetworkMode;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code iwanto status} says whether the network is open or private, by fingerprints only. */
class StatusNetworkTest {
    @Test
    void a_private_network_shows_its_key_fingerprint_and_this_peers_key() {
        String out = print(new Network(NetworkMode.PRIVATE, "3f9a1c228b07", "5d0e4b1c9a22"));
        assertTrue(out.contains("network    private, key 3f9a1c228b07\n"), out);
        assertTrue(out.contains("peer key   5d0e4b1c9a22\n"), out);
    }

    @Test
    void an_open_network_says_open() {
        String out = print(new Network(NetworkMode.OPEN, null, "5d0e4b1c9a22"));
        assertTrue(out.contains("network    open\n"), out);
    }

    @Test
    void datagrams_refused_from_another_network_are_one_sentence_each_with_a_count() {
        String out = print(new Network(NetworkMode.PRIVATE, "3f9a1c228b07", "5d0e4b1c9a22", List.of(
                new ControlReply.Refused("10.0.0.3", "10.0.0.3 is in another private network (its key differs from"
                        + " this peer's); it is not let in", 41, 1500),
                new ControlReply.Refused("10.0.0.9", "bad\u001b[31m sentence", 1, 0))));
        assertTrue(out.contains("refused    10.0.0.3 is in another private network (its key differs from this peer's);"
                + " it is not let in (41 datagrams, the last 1s ago)\n"), out);
        assertTrue(!out.contains("\u001b"), "terminal escapes are cleaned:\n" + out);
    }

    private static String print(Network network) {
        ControlReply.Status s = new ControlReply.Status("p1", "0.1.0", "/h", "/s", "/d", 5000, "p1", List.of(),
                new ControlReply.IndexState(0, 0, 0, false, 0, 0), List.of(), List.of(), network);
        StringWriter text = new StringWriter();
        StatusCommand.print(new PrintWriter(text, true), s);
        return text.toString().replace(System.lineSeparator(), "\n");
    }
}
