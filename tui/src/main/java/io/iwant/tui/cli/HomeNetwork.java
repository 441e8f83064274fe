package io.iwant.tui.cli;

import io.iwant.protocol.UserError;
import io.iwant.protocol.control.ControlReply.Network;
import io.iwant.protocol.control.ControlReply.NetworkMode;
import io.iwant.protocol.home.Home;
import io.iwant.protocol.secure.NetworkKey;
import io.iwant.protocol.secure.PeerKey;

import java.io.IOException;
import java.nio.file.Files;

/**
 * The network a home is in, read from its files while no daemon runs ({@code view config}): private if it holds
 * {@code network.key}, open otherwise. A key file that cannot be used does not stop the command: {@code problem}
 * says why in the daemon's own sentence (null when there is none). Creates nothing.
 */
record HomeNetwork(Network network, String problem) {

    static HomeNetwork read(Home home) {
        NetworkMode mode = NetworkMode.OPEN;
        String fingerprint = null;
        String problem = null;
        if (Files.exists(home.networkKey())) {
            mode = NetworkMode.PRIVATE;
            try {
                fingerprint = NetworkKey.read(home.networkKey()).fingerprint();
            } catch (UserError e) {
                problem = e.getMessage();
            }
        }
        String peerKey = null;
        if (Files.exists(home.peerKey())) {
            try {
                peerKey = PeerKey.loadOrCreate(home.peerKey()).fingerprint();
            } catch (UserError e) {
                problem = problem != null ? problem : e.getMessage();
            } catch (IOException e) {
                problem = problem != null ? problem : "the peer key file " + home.peerKey() + " cannot be read: "
                        + e.getMessage();
            }
        }
        return new HomeNetwork(new Network(mode, fingerprint, peerKey), problem);
    }
}
