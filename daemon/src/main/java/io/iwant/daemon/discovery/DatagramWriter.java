package io.iwant.daemon.discovery;

import io.iwant.protocol.discovery.Datagrams;
import io.iwant.protocol.discovery.DiscoveryMessage;
import io.iwant.protocol.secure.DatagramSeal;
import io.iwant.protocol.secure.NetworkKey;

import java.net.InetSocketAddress;

/**
 * Turns this peer's messages into datagrams. In an open network, the open format; a message sent to several
 * addresses in a row is encoded once.
 *
 * <p>In a private network every datagram is sealed with this peer's address (where its datagrams leave from) and
 * a counter that rises within the incarnation, starting at 1 (one writer per start), so that a receiver can tell a
 * replay: a message to the group takes the next counter, and its unicast copies to configured and direct peers take
 * the same one (they are the same message, which a peer may hear both ways); a message for one peer takes the next
 * counter and names that peer's incarnation as its recipient, so that it counts for nobody else. Single-threaded (it
 * holds a MAC): one per thread that sends.
 */
public final class DatagramWriter {
    private final DatagramSeal seal;
    private final InetSocketAddress self;
    private long counter;
    /** The counter of the message sent to the group last; 0 before the first. */
    private long groupCounter;
    /** The message encoded last in an open network, and its datagram. */
    private DiscoveryMessage lastMessage;
    private byte[] lastDatagram;

    private DatagramWriter(DatagramSeal seal, InetSocketAddress self) {
        this.seal = seal;
        this.self = self;
    }

    /**
     * The writer of an open network ({@code key} null) or of the private network of {@code key}, for a peer whose
     * datagrams leave from {@code self} (an IPv4 address and port).
     */
    public static DatagramWriter of(NetworkKey key, InetSocketAddress self) {
        return new DatagramWriter(key == null ? null : new DatagramSeal(key), self);
    }

    /** The datagram of {@code message} to the group; do not change the array. */
    public byte[] toGroup(DiscoveryMessage message) {
        if (seal == null) {
            return open(message);
        }
        groupCounter = ++counter;
        return Datagrams.seal(message, seal, groupCounter, self, Datagrams.EVERYONE);
    }

    /**
     * The datagram of a unicast copy of the message sent to the group last (possibly marked direct); do not change
     * the array.
     */
    public byte[] copy(DiscoveryMessage message) {
        if (seal == null) {
            return open(message);
        }
        if (groupCounter == 0) {
            groupCounter = ++counter;
        }
        return Datagrams.seal(message, seal, groupCounter, self, Datagrams.EVERYONE);
    }

    /** The datagram of {@code message} for the peer whose incarnation is {@code incarnation}; do not change it. */
    public byte[] toPeer(long incarnation, DiscoveryMessage message) {
        if (seal == null) {
            return open(message);
        }
        return Datagrams.seal(message, seal, ++counter, self, incarnation);
    }

    private byte[] open(DiscoveryMessage message) {
        if (message != lastMessage) {
            lastDatagram = Datagrams.encode(message);
            lastMessage = message;
        }
        return lastDatagram;
    }
}
