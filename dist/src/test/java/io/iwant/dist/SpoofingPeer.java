package io.iwant.dist;

import io.iwant.protocol.discovery.Beacon;
import io.iwant.protocol.discovery.Datagrams;
import io.iwant.protocol.discovery.DiscoveryMessage;
import io.iwant.protocol.discovery.Gossip;
import io.iwant.protocol.discovery.PeerStamp;
import io.iwant.protocol.discovery.Ping;
import io.iwant.protocol.discovery.Pong;
import io.iwant.protocol.wire.ProtocolException;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.List;

/**
 * A hostile member for the LAN test bed, run in a namespace of its own: it beacons to one peer by unicast, answers
 * every ping (so it is proven and its gossip is heard), stays the youngest, and gossips addresses where no peer is,
 * another host's address at a wrong port, and addresses nobody should ping. Usage: {@code SpoofingPeer OWN-IP
 * TARGET-IP:PORT}; runs until killed.
 */
public final class SpoofingPeer {
    static final String ID = "spoofer";
    /** What it gossips: none of these is a peer. */
    static final List<InetSocketAddress> JUNK = List.of(new InetSocketAddress("10.77.0.99", 7377),
            new InetSocketAddress("10.77.0.200", 40_000), new InetSocketAddress("10.77.0.3", 9),
            new InetSocketAddress("10.77.0.1", 0), new InetSocketAddress("239.255.77.77", 7377),
            new InetSocketAddress("255.255.255.255", 7377), new InetSocketAddress("0.0.0.0", 7377),
            new InetSocketAddress("127.0.0.1", 7377), new InetSocketAddress("10.77.0.255", 7377));

    private SpoofingPeer() {
    }

    public static void main(String[] args) throws IOException {
        InetAddress own = InetAddress.getByName(args[0]);
        String[] target = args[1].split(":");
        InetSocketAddress to = new InetSocketAddress(target[0], Integer.parseInt(target[1]));
        long incarnation = System.nanoTime();
        try (DatagramChannel channel = DatagramChannel.open()) {
            channel.bind(new InetSocketAddress(own, 0));
            channel.configureBlocking(false);
            ByteBuffer buffer = ByteBuffer.allocate(Datagrams.MAX_DATAGRAM + 1);
            long next = 0;
            while (true) {
                PeerStamp stamp = new PeerStamp(ID, incarnation, 0); // the youngest: it never leads
                if (System.nanoTime() >= next) {
                    channel.send(ByteBuffer.wrap(Datagrams.encode(new Beacon(stamp, 1, DiscoveryMessage.NO_LEADER, 0,
                            true))), to);
                    channel.send(ByteBuffer.wrap(Datagrams.encode(Gossip.of(stamp, JUNK))), to);
                    next = System.nanoTime() + 300_000_000L;
                }
                buffer.clear();
                InetSocketAddress from = (InetSocketAddress) channel.receive(buffer);
                if (from == null) {
                    sleep();
                    continue;
                }
                try {
                    if (Datagrams.decode(buffer.array(), buffer.position()) instanceof Ping ping) {
                        channel.send(ByteBuffer.wrap(Datagrams.encode(new Pong(stamp, ping.nonce(),
                                DiscoveryMessage.NO_LEADER, 0, 0))), from);
                    }
                } catch (ProtocolException e) {
                    // not for it
                }
            }
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
