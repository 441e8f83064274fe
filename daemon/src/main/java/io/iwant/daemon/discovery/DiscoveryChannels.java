package io.iwant.daemon.discovery;

import io.iwant.protocol.UserError;
import io.iwant.protocol.discovery.DiscoveryMessage;
import io.iwant.protocol.home.NetworkInterfaces;
import io.iwant.protocol.secure.NetworkKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InterfaceAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.List;
import java.util.Optional;

/**
 * The two UDP sockets of discovery, owned by the discovery thread: one bound to the group port that joins the group
 * on the configured interface only (it also receives unicast beacons of static peers), and one bound to the
 * interface's address that sends everything (multicast leaves through the configured interface with TTL 1) and
 * receives the unicast answers: pings, pongs and beacons of peers that were configured with this one. As the
 * {@link DiscoveryTransport} of the discovery thread, it turns each message into a datagram with its
 * {@link DatagramWriter} (sealed, in a private network) and sends it from the unicast socket.
 */
final class DiscoveryChannels implements DiscoveryTransport, Closeable {
    private static final Logger log = LoggerFactory.getLogger(DiscoveryChannels.class);

    final DatagramChannel group;
    final DatagramChannel unicast;
    final Selector selector;
    private final InetSocketAddress groupAddress;
    private final InetSocketAddress unicastAddress;
    /** The chosen interface's IPv4 addresses with their prefix lengths: what counts as on the link. */
    private final List<InterfaceAddress> link;
    private final DatagramWriter writer;

    private DiscoveryChannels(DatagramChannel group, DatagramChannel unicast, Selector selector,
                              InetSocketAddress groupAddress, List<InterfaceAddress> link, NetworkKey key)
            throws IOException {
        this.link = List.copyOf(link);
        this.group = group;
        this.unicast = unicast;
        this.selector = selector;
        this.groupAddress = groupAddress;
        this.unicastAddress = (InetSocketAddress) unicast.getLocalAddress();
        this.writer = DatagramWriter.of(key, unicastAddress);
    }

    /** Opens both sockets on {@code networkInterface}; {@code key} is the private network's, null for an open one. */
    static DiscoveryChannels open(NetworkInterface networkInterface, InetSocketAddress groupAddress, NetworkKey key) {
        InetAddress local = NetworkInterfaces.ipv4(networkInterface).orElseThrow(() -> new UserError(UserError.FAILED,
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
            List<InterfaceAddress> link = networkInterface.getInterfaceAddresses().stream()
                    .filter(a -> a.getAddress() instanceof Inet4Address).toList();
            return new DiscoveryChannels(group, unicast, selector, groupAddress, link, key);
        } catch (IOException | RuntimeException e) {
            closeQuietly(selector);
            closeQuietly(unicast);
            closeQuietly(group);
            throw new UserError(UserError.FAILED, "Discovery cannot " + step + ": " + e.getMessage() + ".", e);
        }
    }

    /**
     * Whether {@code source} is on the chosen interface's link (inside one of its IPv4 subnets). The group socket
     * listens on every interface's address, as receiving multicast and direct beacons on the discovery port needs;
     * datagrams from off the link are dropped unless they come from a configured static peer.
     */
    boolean onLink(InetAddress source) {
        return subnetOf(source).isPresent();
    }

    /** Whether {@code address} is the network or the broadcast address of one of the interface's subnets. */
    boolean subnetBroadcast(InetAddress address) {
        return subnetOf(address).filter(a -> {
            int host = ~mask(a.getNetworkPrefixLength());
            int bits = toInt(address) & host;
            return a.getNetworkPrefixLength() < 31 && (bits == 0 || bits == host);
        }).isPresent();
    }

    /** The interface's IPv4 subnet that {@code address} is in, if any. */
    private Optional<InterfaceAddress> subnetOf(InetAddress address) {
        if (!(address instanceof Inet4Address)) {
            return Optional.empty();
        }
        int value = toInt(address);
        return link.stream().filter(a -> {
            int mask = mask(a.getNetworkPrefixLength());
            return (value & mask) == (toInt(a.getAddress()) & mask);
        }).findFirst();
    }

    /** The network mask of a prefix of {@code prefix} bits. */
    private static int mask(int prefix) {
        return prefix <= 0 ? 0 : prefix >= 32 ? -1 : -1 << (32 - prefix);
    }

    /** The addresses a sweep in {@code mode} beacons to at {@code port}: around this peer's address on the link. */
    List<InetSocketAddress> sweepTargets(SweepMode mode, int port) {
        for (InterfaceAddress a : link) {
            if (a.getAddress().equals(unicastAddress.getAddress())) {
                return Sweep.targets(mode, (Inet4Address) a.getAddress(), a.getNetworkPrefixLength(), port);
            }
        }
        return List.of();
    }

    static int toInt(InetAddress address) {
        byte[] b = address.getAddress();
        return (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
    }

    /** Where this peer's unicast datagrams come from. */
    InetSocketAddress unicastAddress() {
        return unicastAddress;
    }

    @Override
    public boolean toGroup(DiscoveryMessage message) {
        return send(groupAddress, writer.toGroup(message));
    }

    @Override
    public boolean toAddress(InetSocketAddress target, DiscoveryMessage message) {
        return send(target, writer.copy(message));
    }

    @Override
    public boolean toPeer(InetSocketAddress target, long incarnation, DiscoveryMessage message) {
        return send(target, writer.toPeer(incarnation, message));
    }

    private boolean send(InetSocketAddress target, byte[] datagram) {
        try {
            return unicast.send(ByteBuffer.wrap(datagram), target) > 0; // 0: the socket buffer was full
        } catch (IOException e) {
            log.debug("Could not send a discovery datagram to {}: {}", target, e.toString());
            return false;
        }
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
