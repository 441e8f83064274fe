package io.iwant.daemon.discovery;

import io.iwant.protocol.discovery.DiscoveryMessage;

import java.net.InetSocketAddress;

/**
 * Where discovery's datagrams leave: to every peer on the group, or to one address. Receiving is up to whoever owns
 * the transport: {@link DiscoveryLoop} reads the sockets of {@link DiscoveryChannels}, a simulated network delivers
 * by itself. Used by one thread.
 */
public interface DiscoveryTransport {
    /**
     * Sends one message to the group.
     *
     * @return false when it could not leave (a full socket buffer, an error sending)
     */
    boolean toGroup(DiscoveryMessage message);

    /**
     * Sends a copy of the message just sent to the group by unicast to {@code target} (a configured peer, a peer
     * that beacons to this one directly); the copy may differ from it only in being marked direct.
     *
     * @return false when it could not leave (a full socket buffer, an error sending)
     */
    boolean toAddress(InetSocketAddress target, DiscoveryMessage message);

    /**
     * Sends one message meant for one peer alone by unicast to {@code target}, its address; {@code incarnation} is
     * that peer's, so that in a private network the datagram counts for nobody else.
     *
     * @return false when it could not leave (a full socket buffer, an error sending)
     */
    boolean toPeer(InetSocketAddress target, long incarnation, DiscoveryMessage message);
}
