package io.iwant.tui.screen.link;

import io.iwant.protocol.UserError;
import io.iwant.protocol.control.ControlReply;
import io.iwant.protocol.control.ControlRequest;

import java.util.List;

/**
 * What the full-screen UI needs from its daemon. Every method blocks on the daemon, so the UI calls them from its
 * worker threads only, never from the GUI thread. Failures arrive as {@link UserError}: exit code
 * {@link UserError#NO_DAEMON} when nothing answers, otherwise a sentence for the user.
 */
public interface DaemonLink {

    /** The daemon's state: this peer, leader, members, index and downloads. */
    ControlReply.Status status();

    /** Search results for {@code query}, best first. */
    List<ControlReply.Hit> search(String query, int limit);

    /**
     * Sends a request that the daemon answers with {@link ControlReply.Done} (download, cancel, retry, clear
     * finished, set folder) and returns the daemon's message.
     */
    String act(ControlRequest request);
}
