package io.iwant.daemon.discovery;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * One peer of the network as this one sees it, at the moment it was asked.
 *
 * @param address  the IP address its datagrams come from
 * @param tcpPort  the port of its peer socket at that address; 0 while no beacon has told it yet
 * @param ageMillis how long it has been up, as measured here
 * @param leader   whether this peer takes it for the leader
 * @param self     whether it is this peer
 */
public record Peer(String peerId, InetAddress address, int tcpPort, long ageMillis, boolean leader, boolean self) {
    /** Its peer socket endpoint. */
    public InetSocketAddress tcpEndpoint() {
        return new InetSocketAddress(address, tcpPort);
    }

    /** "10.77.0.2:7378". */
    public String endpointText() {
        return address.getHostAddress() + ":" + tcpPort;
    }
}
