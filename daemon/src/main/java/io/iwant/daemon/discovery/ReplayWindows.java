package io.iwant.daemon.discovery;

import io.iwant.protocol.discovery.PeerStamp;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The replay check of a private network: every peer numbers its datagrams within an incarnation with a rising
 * counter, and a datagram counts at most once, and only while it is fresh. Per incarnation of a peer (its id and incarnation) this keeps the
 * highest counter accepted and which of the {@link #WINDOW} counters below it were seen, as IPsec does (RFC 4303,
 * 3.4.3): a counter above the highest is accepted and moves the window, one inside the window is accepted once, one
 * below it never. The window absorbs the reordering between a peer's multicast and unicast datagrams, which arrive
 * on two sockets. A message to everyone and its unicast copies share one counter ({@link DatagramWriter}); since
 * the copy of a beacon to a configured peer is marked direct, each counter is accepted once plain and once direct.
 *
 * <p>Fresh: a datagram that this peer never received (the network lost it) could otherwise be delivered by someone
 * who captured it at any time later, within the window. So every datagram's age is checked too, without comparing
 * clocks: each message carries its sender's uptime, and the local time of arrival minus that uptime is the same for
 * every datagram of an incarnation, up to its delay. Per incarnation the smallest such offset is kept (following
 * the slow drift between the two clocks), and a datagram whose offset exceeds it by more than
 * {@link #MAX_LATE_MILLIS} is too late to count. The offset only ever comes from datagrams let in, and a datagram
 * cannot arrive before it was sent, so nobody can make fresh datagrams look late.
 *
 * <p>An incarnation heard for the first time is accepted at whatever counter it shows, and everything below that
 * counter counts as seen from then on: its older datagrams, replayed, are dropped. Whether it is a real peer is then
 * up to {@link Claimants}: replaying an incarnation that is gone never answers a fresh ping.
 *
 * <p>At most {@code capacity} incarnations are tracked; the one heard least recently makes room. Only datagrams with
 * a valid tag, sent from the address they came from, get here, so only holders of the key (or replays of their
 * datagrams from their own address) take room. Pure and single-threaded.
 */
final class ReplayWindows {
    /** Counters below the highest that are still accepted once, in bits. */
    static final int WINDOW = 1024;
    /** How late after it was sent a datagram still counts, in ms, by its sender's uptime and this peer's clock. */
    static final long MAX_LATE_MILLIS = 1_000;
    /** How much of the distance to a later offset the kept offset moves per datagram, as a shift: 1/16. */
    private static final int DRIFT_SHIFT = 4;
    private static final int WORDS = WINDOW / 64;

    private record Key(String peerId, long incarnation) {
    }

    /**
     * One incarnation: the highest counter accepted, two rings of bits (plain and direct), bit {@code c % WINDOW} for
     * counter c, and its offset (local arrival time minus sender uptime, ms).
     */
    private static final class Window {
        long highest;
        final long[] seen = new long[2 * WORDS];
        long offset;

        Window(long first, boolean direct, long offset) {
            this.highest = first;
            this.offset = offset;
            Arrays.fill(seen, -1L); // everything up to the first counter counts as seen,
            clear(first, !direct); // but the other copy of the first
        }

        /** A datagram with {@code offset} was let in: the smallest offset wins, a larger one is followed slowly. */
        void observed(long offset) {
            this.offset = offset < this.offset ? offset : this.offset + ((offset - this.offset) >> DRIFT_SHIFT);
        }

        boolean accept(long counter, boolean direct) {
            if (counter > highest) {
                if (counter - highest >= WINDOW) {
                    Arrays.fill(seen, 0L);
                } else {
                    for (long c = highest + 1; c < counter; c++) {
                        clear(c, false);
                        clear(c, true);
                    }
                }
                clear(counter, !direct);
                highest = counter;
                set(counter, direct);
                return true;
            }
            if (highest - counter >= WINDOW || isSet(counter, direct)) {
                return false;
            }
            set(counter, direct);
            return true;
        }

        private static int bit(long counter) {
            return (int) Math.floorMod(counter, (long) WINDOW);
        }

        private static int word(long counter, boolean direct) {
            return (direct ? WORDS : 0) + (bit(counter) >>> 6);
        }

        private boolean isSet(long counter, boolean direct) {
            return (seen[word(counter, direct)] & (1L << bit(counter))) != 0;
        }

        private void set(long counter, boolean direct) {
            seen[word(counter, direct)] |= 1L << bit(counter);
        }

        private void clear(long counter, boolean direct) {
            seen[word(counter, direct)] &= ~(1L << bit(counter));
        }
    }

    private final int capacity;
    /** In the order last heard, least recently first. */
    private final Map<Key, Window> windows;

    ReplayWindows(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.capacity = capacity;
        this.windows = new LinkedHashMap<>(16, 0.75f, true);
    }

    /**
     * Whether the datagram numbered {@code counter} of {@code from}, a copy marked direct or not, that arrived at
     * {@code now} (this peer's monotonic clock, ms) is new and fresh; if so it is recorded. Counters below 1 are
     * never new (a peer starts at 1).
     */
    boolean accept(PeerStamp from, long counter, boolean direct, long now) {
        if (counter < 1) {
            return false;
        }
        Key key = new Key(from.peerId(), from.incarnation());
        Window window = windows.get(key);
        long offset = now - from.uptimeMillis();
        if (window == null) {
            if (windows.size() >= capacity) {
                windows.remove(windows.keySet().iterator().next());
            }
            windows.put(key, new Window(counter, direct, offset));
            return true;
        }
        if (offset - window.offset > MAX_LATE_MILLIS || !window.accept(counter, direct)) {
            return false;
        }
        window.observed(offset);
        return true;
    }
}
