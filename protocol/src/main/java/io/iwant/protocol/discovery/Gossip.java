package io.iwant.protocol.discovery;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * "These are some of the peers I hear": the discovery addresses (where their datagrams come from) of up to
 * {@link #MAX_MEMBERS} proven members of the sender, packed as 6 bytes each (an IPv4 address and a port,
 * big-endian) in {@code addresses}. A receiver takes each for a claim only: it counts nobody until a ping to that
 * address is answered from it. No ids travel: whoever answers at an address is who it is.
 */
public record Gossip(PeerStamp from, byte[] addresses) implements DiscoveryMessage {
    /** Most addresses in one gossip: 96 bytes, so that a gossip fits a datagram with room to spare. */
    public static final int MAX_MEMBERS = 16;
    /** Bytes per address. */
    public static final int ENTRY = 6;

    public Gossip {
        if (from == null) {
            throw new IllegalArgumentException("a gossip needs a sender");
        }
        if (addresses == null || addresses.length % ENTRY != 0 || addresses.length > MAX_MEMBERS * ENTRY) {
            throw new IllegalArgumentException("a gossip holds up to " + MAX_MEMBERS + " addresses of " + ENTRY
                    + " bytes");
        }
        addresses = addresses.clone();
    }

    /** The gossip of {@code members}, IPv4 addresses with ports (at most {@link #MAX_MEMBERS}). */
    public static Gossip of(PeerStamp from, List<InetSocketAddress> members) {
        if (members.size() > MAX_MEMBERS) {
            throw new IllegalArgumentException("a gossip holds up to " + MAX_MEMBERS + " addresses");
        }
        ByteBuffer packed = ByteBuffer.allocate(members.size() * ENTRY);
        for (InetSocketAddress member : members) {
            if (!(member.getAddress() instanceof Inet4Address address)) {
                throw new IllegalArgumentException("a gossiped address is an IPv4 address: " + member);
            }
            packed.put(address.getAddress()).putShort((short) member.getPort());
        }
        return new Gossip(from, packed.array());
    }

    /** The addresses, as sent: any of them may be port 0, a multicast address or anything else four bytes can be. */
    public List<InetSocketAddress> members() {
        List<InetSocketAddress> members = new ArrayList<>(addresses.length / ENTRY);
        ByteBuffer packed = ByteBuffer.wrap(addresses);
        byte[] ip = new byte[4];
        while (packed.hasRemaining()) {
            packed.get(ip);
            int port = packed.getShort() & 0xffff;
            try {
                members.add(new InetSocketAddress(InetAddress.getByAddress(ip), port));
            } catch (UnknownHostException e) {
                throw new AssertionError("four bytes are always an IPv4 address", e);
            }
        }
        return members;
    }

    @Override
    public byte[] addresses() {
        return addresses.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Gossip g && from.equals(g.from) && Arrays.equals(addresses, g.addresses);
    }

    @Override
    public int hashCode() {
        return 31 * from.hashCode() + Arrays.hashCode(addresses);
    }

    @Override
    public String toString() {
        return "Gossip[from=" + from + ", members=" + members() + "]";
    }
}
