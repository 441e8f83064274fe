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
     * Sends one message by unicast to {@code target}.
     *
     * @return false when it could not leave (a full socket buffer, an error sending)
     */
    boolean toAddress(InetSocketAddress target, DiscoveryMessage message);
}
