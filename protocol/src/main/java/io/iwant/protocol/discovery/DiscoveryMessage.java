package io.iwant.protocol.discovery;

import io.iwant.protocol.wire.Limits;

/**
 * Everything that travels in discovery datagrams: beacons and good-byes to everyone, victories to everyone, pings
 * and pongs between a follower and its leader, gossip of the members a peer hears. Every message says who sent it,
 * in which incarnation and at which uptime, so that any of them refreshes the sender's liveness and age.
 */
public sealed interface DiscoveryMessage permits Beacon, Victory, Ping, Pong, Bye, Gossip {
    /** The sender. */
    PeerStamp from();

    /** The empty leader id: the sender follows no one yet. */
    String NO_LEADER = "";

    static void checkLeader(String leaderId) {
        if (leaderId == null) {
            throw new IllegalArgumentException("leader id must not be null (use NO_LEADER)");
        }
        if (!leaderId.isEmpty()) {
            PeerStamp.checkPeerId(leaderId, "leader id");
        }
    }

    static void checkTerm(long term) {
        if (term < 0 || term > Limits.MAX_TERM) {
            throw new IllegalArgumentException("term out of range: " + term);
        }
    }
}
