package io.iwant.daemon.discovery;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What discovery has heard, and from where, for {@code iwanto doctor}: when this peer last heard its own multicast
 * come back on the group, when it last heard each other address's multicast beacons and any datagram of it that was
 * let in, and which addresses send datagrams of an iwant discovery format this peer does not speak. Times are on the
 * daemon's monotonic clock in ms. At most {@link #MAX_ADDRESSES} addresses are kept per table; the one heard least
 * recently makes room. The discovery thread notes; any thread may take a {@link #snapshot}.
 */
public final class Hearing {
    static final int MAX_ADDRESSES = 64;
    private static final long NEVER = Long.MIN_VALUE;

    /**
     * What was heard, as of the snapshot: how long ago (ms) this peer's own multicast came back, -1 for never; per
     * address, how long ago its multicast came and how long ago any datagram of it was let in; per address, the
     * discovery format version it sends that this peer does not speak.
     */
    public record Snapshot(long ownMulticastAgo, Map<InetAddress, Long> multicastAgo, Map<InetAddress, Long> heardAgo,
                           Map<InetAddress, Integer> otherFormats) {
        public Snapshot {
            multicastAgo = Map.copyOf(multicastAgo);
            heardAgo = Map.copyOf(heardAgo);
            otherFormats = Map.copyOf(otherFormats);
        }
    }

    private long ownMulticast = NEVER;
    private final Map<InetAddress, Long> multicast = lru();
    private final Map<InetAddress, Long> heard = lru();
    private final Map<InetAddress, Integer> formats = lru();

    /** This peer's own datagram came back to it on the group at {@code now}. */
    synchronized void ownMulticast(long now) {
        ownMulticast = now;
    }

    /** A datagram of {@code source} was let in at {@code now}; {@code multicast} if it was a beacon to the group. */
    synchronized void admitted(InetAddress source, boolean multicast, long now) {
        heard.put(source, now);
        if (multicast) {
            this.multicast.put(source, now);
        }
    }

    /** {@code source} sent a datagram with our magic and a format {@code version} this peer does not speak. */
    synchronized void otherFormat(InetAddress source, int version) {
        formats.put(source, version);
    }

    /** What was heard until {@code now}. */
    public synchronized Snapshot snapshot(long now) {
        return new Snapshot(ownMulticast == NEVER ? -1 : Math.max(0, now - ownMulticast), ago(multicast, now),
                ago(heard, now), formats);
    }

    private static Map<InetAddress, Long> ago(Map<InetAddress, Long> times, long now) {
        Map<InetAddress, Long> out = new LinkedHashMap<>();
        times.forEach((address, at) -> out.put(address, Math.max(0, now - at)));
        return out;
    }

    private static <V> Map<InetAddress, V> lru() {
        return new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<InetAddress, V> eldest) {
                return size() > MAX_ADDRESSES;
            }
        };
    }
}
