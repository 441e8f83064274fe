package io.iwant.daemon.discovery;

import io.iwant.daemon.election.Timings;
import io.iwant.protocol.discovery.PeerStamp;
import io.iwant.protocol.secure.NetworkKey;

import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.util.List;
import java.util.Objects;

/**
 * Everything discovery needs, checked together.
 *
 * @param peerId           this peer's id (stable across restarts of one home)
 * @param networkInterface the only interface discovery sends and listens on
 * @param group            the IPv4 multicast group and the discovery port
 * @param staticPeers      peers that also get every beacon by unicast, at their discovery port (for networks that
 *                         block multicast)
 * @param tcpPort          the port of this peer's peer socket, advertised in its beacons
 * @param timings          beacon, ping, election and failure-detection timings
 * @param networkKey       the key of this peer's private network, whose datagrams alone it sends and hears; null
 *                         for an open network
 * @param sweep            whether to sweep the subnet while multicast brings nobody
 */
public record DiscoverySettings(String peerId, NetworkInterface networkInterface, InetSocketAddress group,
                                List<InetSocketAddress> staticPeers, int tcpPort, Timings timings,
                                NetworkKey networkKey, SweepMode sweep) {
    /** Most static peers accepted. */
    public static final int MAX_STATIC_PEERS = 64;

    public DiscoverySettings {
        PeerStamp.checkPeerId(peerId, "peer id");
        Objects.requireNonNull(networkInterface, "network interface");
        Objects.requireNonNull(group, "group");
        if (group.isUnresolved() || !(group.getAddress() instanceof Inet4Address)
                || !group.getAddress().isMulticastAddress() || group.getPort() == 0) {
            throw new IllegalArgumentException("the group must be an IPv4 multicast address with a port: " + group);
        }
        staticPeers = List.copyOf(staticPeers);
        if (staticPeers.size() > MAX_STATIC_PEERS) {
            throw new IllegalArgumentException("at most " + MAX_STATIC_PEERS + " static peers");
        }
        for (InetSocketAddress peer : staticPeers) {
            if (peer.isUnresolved() || peer.getPort() == 0) {
                throw new IllegalArgumentException("a static peer needs a resolved address and a port: " + peer);
            }
        }
        if (tcpPort < 0 || tcpPort > 65535) {
            throw new IllegalArgumentException("tcp port out of range: " + tcpPort);
        }
        Objects.requireNonNull(timings, "timings");
        Objects.requireNonNull(sweep, "sweep");
    }

    /** No sweep: peers found by multicast, static peers and gossip. */
    public DiscoverySettings(String peerId, NetworkInterface networkInterface, InetSocketAddress group,
                             List<InetSocketAddress> staticPeers, int tcpPort, Timings timings,
                             NetworkKey networkKey) {
        this(peerId, networkInterface, group, staticPeers, tcpPort, timings, networkKey, SweepMode.OFF);
    }

    /** An open network. */
    public DiscoverySettings(String peerId, NetworkInterface networkInterface, InetSocketAddress group,
                             List<InetSocketAddress> staticPeers, int tcpPort, Timings timings) {
        this(peerId, networkInterface, group, staticPeers, tcpPort, timings, null);
    }

    /** Default timings; an open network when {@code networkKey} is null. */
    public DiscoverySettings(String peerId, NetworkInterface networkInterface, InetSocketAddress group,
                             List<InetSocketAddress> staticPeers, int tcpPort, NetworkKey networkKey) {
        this(peerId, networkInterface, group, staticPeers, tcpPort, Timings.DEFAULT, networkKey);
    }

    /** Default timings, an open network. */
    public DiscoverySettings(String peerId, NetworkInterface networkInterface, InetSocketAddress group,
                             List<InetSocketAddress> staticPeers, int tcpPort) {
        this(peerId, networkInterface, group, staticPeers, tcpPort, Timings.DEFAULT, null);
    }
}
