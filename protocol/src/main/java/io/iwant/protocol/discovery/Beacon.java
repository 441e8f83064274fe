package io.iwant.protocol.discovery;

/**
 * "I am here": sent to the group about twice a second. {@code tcpPort} is the port of the sender's peer socket on
 * the address the beacon came from; {@code leaderId} and {@code term} say whom the sender follows
 * ({@link DiscoveryMessage#NO_LEADER} while nobody). {@code direct} marks a copy sent by unicast to a configured
 * static peer: the receiver answers with unicast beacons of its own, so one side's configuration is enough.
 */
public record Beacon(PeerStamp from, int tcpPort, String leaderId, long term, boolean direct)
        implements DiscoveryMessage {
    public Beacon {
        if (from == null) {
            throw new IllegalArgumentException("a beacon needs a sender");
        }
        if (tcpPort < 0 || tcpPort > 65535) {
            throw new IllegalArgumentException("tcp port out of range: " + tcpPort);
        }
        DiscoveryMessage.checkLeader(leaderId);
        DiscoveryMessage.checkTerm(term);
    }

    /** A beacon to the group. */
    public Beacon(PeerStamp from, int tcpPort, String leaderId, long term) {
        this(from, tcpPort, leaderId, term, false);
    }

    /** The same beacon, marked as sent by unicast to a configured peer. */
    public Beacon asDirect() {
        return new Beacon(from, tcpPort, leaderId, term, true);
    }
}
