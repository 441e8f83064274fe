package io.iwant.tui.screen.link;

import io.iwant.protocol.UserError;
import io.iwant.protocol.control.ControlReply;
import io.iwant.protocol.control.ControlRequest;
import io.iwant.protocol.home.Home;
import io.iwant.tui.client.ControlClient;
import io.iwant.tui.text.Units;

import java.util.List;

/** The daemon of one home, over its control socket: one short connection per request. Thread-safe. */
public final class SocketLink implements DaemonLink {
    private final Home home;

    public SocketLink(Home home) {
        this.home = home;
    }

    @Override
    public ControlReply.Status status() {
        return expect(ControlClient.call(home, new ControlRequest.Status()), ControlReply.Status.class, "status");
    }

    @Override
    public List<ControlReply.Hit> search(String query, int limit) {
        return expect(ControlClient.call(home, new ControlRequest.Search(query, limit)),
                ControlReply.SearchResults.class, "search").hits();
    }

    @Override
    public String act(ControlRequest request) {
        ControlReply reply = ControlClient.call(home, request);
        if (reply instanceof ControlReply.Ambiguous ambiguous) {
            throw UserError.failed("the prefix " + ambiguous.prefix() + " matches " + ambiguous.candidates().size()
                    + " files or folders" + (ambiguous.candidates().isEmpty() ? ""
                    : ", e.g. " + Units.shortHash(ambiguous.candidates().get(0).hash())));
        }
        return expect(reply, ControlReply.Done.class, "request").message();
    }

    private static <T extends ControlReply> T expect(ControlReply reply, Class<T> type, String what) {
        if (!type.isInstance(reply)) {
            throw UserError.failed("the iwant daemon sent an unexpected reply to a " + what + " ("
                    + reply.getClass().getSimpleName() + ")");
        }
        return type.cast(reply);
    }
}
