package io.iwant.daemon.discovery;

import io.iwant.protocol.discovery.Beacon;
import io.iwant.protocol.discovery.Datagrams;
import io.iwant.protocol.discovery.DiscoveryMessage;
import io.iwant.protocol.secure.DatagramSeal;
import io.iwant.protocol.secure.NetworkKey;
import io.iwant.protocol.wire.ProtocolException;

import java.net.InetSocketAddress;

/**
 * What a datagram must pass before its message reaches the {@link DiscoveryNode}. In an open network: the open
 * format ({@link Datagrams#VERSION}); a private network's datagram is refused unread. In a private network: the
 * private format ({@link Datagrams#PRIVATE_VERSION}) with this network's key id (checked before any MAC is
 * computed), a valid tag, a well-formed message, sent from the address it came from, meant for everyone or for this
 * incarnation of this peer, with a counter that its sender's incarnation has not used before, and no more than a
 * second late ({@link ReplayWindows}); an open network's datagram is refused unread. Nothing else is decoded. Pure and single-threaded (it holds a MAC): one per thread that reads
 * datagrams, and one per start (it knows this peer's incarnation).
 */
public final class DatagramGate {
    /** Incarnations whose counters are tracked. */
    static final int MAX_INCARNATIONS = 1024;
    /** How late a datagram of a private network may arrive and still count, in ms (see {@link ReplayWindows}). */
    public static final long MAX_LATE_MILLIS = ReplayWindows.MAX_LATE_MILLIS;

    /** What became of one datagram. */
    public sealed interface Result permits Admitted, Refused, Ignored {
    }

    /** Its message may reach the node. */
    public record Admitted(DiscoveryMessage message) implements Result {
    }

    /** Another peer's datagram that this peer does not let in, for a reason a user should hear about. */
    public record Refused(Refusal.Reason reason) implements Result {
    }

    /**
     * Not a discovery datagram at all, a broken one, or one seen before or too late that came from its sender's
     * address (the network duplicated or delayed it, the peer heard a message both by multicast and as a unicast
     * copy, or someone resent it in its sender's name): counted, not reported.
     */
    public enum Ignored implements Result { FOREIGN, MALFORMED, DUPLICATE }

    private final DatagramSeal seal;
    private final long incarnation;
    private final ReplayWindows windows;

    private DatagramGate(DatagramSeal seal, long incarnation) {
        this.seal = seal;
        this.incarnation = incarnation;
        this.windows = seal == null ? null : new ReplayWindows(MAX_INCARNATIONS);
    }

    /**
     * The gate of an open network ({@code key} null) or of the private network of {@code key}, for the peer whose
     * incarnation is {@code incarnation}.
     */
    public static DatagramGate of(NetworkKey key, long incarnation) {
        return new DatagramGate(key == null ? null : new DatagramSeal(key), incarnation);
    }

    /**
     * Checks the first {@code length} bytes of {@code buffer} (at most {@link Datagrams#MAX_DATAGRAM}), which came
     * from {@code source} at {@code now} on this peer's monotonic clock, in ms.
     */
    public Result pass(byte[] buffer, int length, InetSocketAddress source, long now) {
        int version = Datagrams.version(buffer, length);
        if (version != Datagrams.VERSION && version != Datagrams.PRIVATE_VERSION) {
            return Ignored.FOREIGN;
        }
        if (seal == null) {
            return version == Datagrams.VERSION ? decodeOpen(buffer, length) : new Refused(Refusal.Reason.PRIVATE_PEER);
        }
        if (version == Datagrams.VERSION) {
            return new Refused(Refusal.Reason.OPEN_PEER);
        }
        Datagrams.Opened opened = Datagrams.open(seal, buffer, length);
        return switch (opened.verdict()) {
            case OTHER_NETWORK -> new Refused(Refusal.Reason.OTHER_NETWORK);
            case FORGED -> new Refused(Refusal.Reason.FORGED);
            case MALFORMED -> Ignored.MALFORMED;
            case OK -> admit(opened, source, now);
        };
    }

    private Result admit(Datagrams.Opened opened, InetSocketAddress source, long now) {
        if (!opened.sender().equals(source)
                || (opened.recipient() != Datagrams.EVERYONE && opened.recipient() != incarnation)) {
            return new Refused(Refusal.Reason.REPLAYED); // resent from elsewhere, or meant for another peer
        }
        DiscoveryMessage message = opened.message();
        boolean direct = message instanceof Beacon beacon && beacon.direct();
        return windows.accept(message.from(), opened.counter(), direct, now) ? new Admitted(message)
                : Ignored.DUPLICATE;
    }

    private static Result decodeOpen(byte[] buffer, int length) {
        try {
            return new Admitted(Datagrams.decode(buffer, length));
        } catch (ProtocolException e) {
            return Ignored.MALFORMED;
        }
    }
}
