package io.iwant.protocol.discovery;

/**
 * "I am here": sent to the group (and to static peers) about twice a second. {@code tcpPort} is the port of the
 * sender's peer socket on the address the beacon came from; {@code leaderId} and {@code term} say whom the sender
 * follows ({@link DiscoveryMessage#NO_LEADER} while nobody).
 */
public record Beacon(PeerStamp from, int tcpPort, String leaderId, long term) implements DiscoveryMessage {
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
}
