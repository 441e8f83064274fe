package io.iwant.daemon.discovery;

import io.iwant.protocol.UserError;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.List;

/**
 * The two UDP sockets of discovery, owned by the discovery thread: one bound to the group port that joins the group
 * on the configured interface only (it also receives unicast beacons of static peers), and one bound to the
 * interface's address that sends everything (multicast leaves through the configured interface with TTL 1) and
 * receives the unicast answers: pings, pongs and beacons of peers that were configured with this one.
 */
final class DiscoveryChannels implements Closeable {
    final DatagramChannel group;
    final DatagramChannel unicast;
    final Selector selector;
    private final InetSocketAddress unicastAddress;

    private DiscoveryChannels(DatagramChannel group, DatagramChannel unicast, Selector selector) throws IOException {
        this.group = group;
        this.unicast = unicast;
        this.selector = selector;
        this.unicastAddress = (InetSocketAddress) unicast.getLocalAddress();
    }

    static DiscoveryChannels open(NetworkInterface networkInterface, InetSocketAddress groupAddress) {
        InetAddress local = Interfaces.ipv4(networkInterface).orElseThrow(() -> new UserError(UserError.FAILED,
                "The network interface " + networkInterface.getName() + " has no IPv4 address."));
        DatagramChannel group = null;
        DatagramChannel unicast = null;
        Selector selector = null;
        String step = "listen on port " + groupAddress.getPort();
        try {
            group = DatagramChannel.open(StandardProtocolFamily.INET);
            group.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            group.bind(new InetSocketAddress(groupAddress.getPort()));
            step = "join the multicast group " + groupAddress.getAddress().getHostAddress() + " on "
                    + networkInterface.getName();
            group.join(groupAddress.getAddress(), networkInterface);
            step = "open a UDP socket on " + local.getHostAddress();
            unicast = DatagramChannel.open(StandardProtocolFamily.INET);
            unicast.bind(new InetSocketAddress(local, 0));
            unicast.setOption(StandardSocketOptions.IP_MULTICAST_IF, networkInterface);
            unicast.setOption(StandardSocketOptions.IP_MULTICAST_TTL, 1);
            unicast.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, true);
            selector = Selector.open();
            for (DatagramChannel channel : List.of(group, unicast)) {
                channel.configureBlocking(false);
                channel.register(selector, SelectionKey.OP_READ);
            }
            return new DiscoveryChannels(group, unicast, selector);
        } catch (IOException | RuntimeException e) {
            closeQuietly(selector);
            closeQuietly(unicast);
            closeQuietly(group);
            throw new UserError(UserError.FAILED, "Discovery cannot " + step + ": " + e.getMessage() + ".", e);
        }
    }

    /** Where this peer's unicast datagrams come from. */
    InetSocketAddress unicastAddress() {
        return unicastAddress;
    }

    /**
     * Sends one datagram from the unicast socket.
     *
     * @return false when the socket buffer was full and the datagram dropped
     */
    boolean send(byte[] datagram, InetSocketAddress target) throws IOException {
        return unicast.send(ByteBuffer.wrap(datagram), target) > 0;
    }

    @Override
    public void close() {
        closeQuietly(selector);
        closeQuietly(unicast);
        closeQuietly(group);
    }

    private static void closeQuietly(Closeable closeable) {
        if (closeable != null) {
            try {
                closeable.close();
            } catch (IOException ignored) {
                // closing: nothing left to do with it
            }
        }
    }
}
