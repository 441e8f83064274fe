package io.iwant.daemon.doctor;

import io.iwant.daemon.discovery.Hearing;
import io.iwant.daemon.discovery.Peer;
import io.iwant.daemon.discovery.Refusal;
import io.iwant.protocol.control.ControlReply;
import io.iwant.protocol.peer.PeerMessage;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * Everything {@link Checks} judges, gathered at one moment by {@link Doctor}.
 *
 * @param networkInterface the interface check, made where the interface is known
 * @param interfaceName    the interface discovery runs on ("eth0")
 * @param uptimeMillis     how long discovery has run
 * @param group            the multicast group and discovery port
 * @param tcpPort          the peer port this peer listens on
 * @param configuredPort   the peer port asked for (0: any free one, chosen at each start)
 * @param fingerprint      the network key's fingerprint, null for an open network
 * @param others           the other members, as discovery sees them
 * @param hearing          what discovery heard, and from where
 * @param staticPeers      the configured static peers (their discovery endpoints)
 * @param refusals         datagrams refused per address and reason
 * @param asked            the members asked to connect back, with their answers
 */
record Facts(ControlReply.Check networkInterface, String interfaceName, long uptimeMillis, InetSocketAddress group,
             int tcpPort, int configuredPort, String fingerprint, List<Peer> others, Hearing.Snapshot hearing,
             List<InetSocketAddress> staticPeers, List<Refusal> refusals, List<Asked> asked) {
    Facts {
        others = List.copyOf(others);
        staticPeers = List.copyOf(staticPeers);
        refusals = List.copyOf(refusals);
        asked = List.copyOf(asked);
    }

    /** A member asked to connect back: its id, its peer endpoint, and its answer (null: none in time). */
    record Asked(String peerId, String endpoint, PeerMessage reply) {
        /** "peer-b (10.77.0.2:7378)". */
        String who() {
            return peerId + " (" + endpoint + ")";
        }
    }

    boolean privateNetwork() {
        return fingerprint != null;
    }
}
