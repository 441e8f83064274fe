package io.iwant.daemon.peer;

import io.iwant.protocol.secure.NetworkKey;
import io.iwant.protocol.secure.PeerKey;
import org.zeromq.ZContext;

/**
 * A daemon's ZeroMQ context, which also carries how its peer sockets talk: in the open ({@code network} null) or
 * sealed for a private network, as this peer ({@code own}). Every peer socket is made from the context that its
 * daemon's {@code PeerNetwork} made, so {@link Channel} and {@link PeerServer} read the choice from here and no
 * capability can forget it. A plain {@link ZContext} (tests, benchmarks) is an open network.
 */
public final class PeerContext extends ZContext {
    private final NetworkKey network;
    private final PeerKey own;

    public PeerContext(NetworkKey network, PeerKey own) {
        this.network = network;
        this.own = own;
    }

    /** The private network's key of {@code context}, null if it is open. */
    static NetworkKey network(ZContext context) {
        return context instanceof PeerContext p ? p.network : null;
    }

    /** This peer's key in {@code context}, null if it is a plain context. */
    static PeerKey own(ZContext context) {
        return context instanceof PeerContext p ? p.own : null;
    }
}
