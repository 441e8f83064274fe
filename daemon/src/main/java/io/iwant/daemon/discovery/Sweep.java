package io.iwant.daemon.discovery;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The last rung of discovery, for networks that drop multicast: a beacon marked direct to the discovery port of
 * every address of the interface's subnet, as if each were a static peer. A peer there beacons back, and is probed
 * and proven like any other. A round runs only while multicast brings no member (and not before
 * {@link #FIRST_ROUND} after start), {@link #PER_BEACON} addresses with each beacon (about 50 a second, a /24 in
 * about 5 s, a /22 in about 20 s), and the next round starts {@link #REPEAT} after one ends. Pure and
 * single-threaded: it is told the time.
 */
final class Sweep {
    /** The largest subnet swept whole: a /22. */
    static final int MAX_ADDRESSES = 1 << 10;
    /** Addresses beaconed to with each beacon of this peer. */
    static final int PER_BEACON = 25;
    /** How long after start multicast has to find someone before the first round. */
    static final long FIRST_ROUND = 5_000;
    /** From the end of one round to the start of the next. */
    static final long REPEAT = 600_000;

    /** A sweep that never runs. */
    static final Sweep NONE = new Sweep(SweepMode.OFF, List.of(), 0);

    private final SweepMode mode;
    private final List<InetSocketAddress> targets;
    private final Set<InetAddress> hosts = new HashSet<>();
    private long roundAt;
    private int next = -1;
    private long sent;
    private int rounds;

    /**
     * @param targets the addresses to beacon to, at the discovery port, in order (see {@link #targets})
     * @param start   when this peer started
     */
    Sweep(SweepMode mode, List<InetSocketAddress> targets, long start) {
        this.mode = mode;
        this.targets = List.copyOf(targets);
        this.roundAt = start + FIRST_ROUND;
    }

    /**
     * The addresses a sweep in {@code mode} beacons to: every host address of the subnet of {@code self} with
     * {@code prefix} bits, if it has at most {@link #MAX_ADDRESSES}; with {@link SweepMode#ON}, those of the /24 of
     * {@code self} in a larger subnet; never {@code self}, the subnet's network and broadcast addresses.
     */
    static List<InetSocketAddress> targets(SweepMode mode, Inet4Address self, int prefix, int port) {
        if (mode == SweepMode.OFF || prefix > 30 || prefix < 0) {
            return List.of();
        }
        if (prefix < 22) {
            if (mode != SweepMode.ON) {
                return List.of();
            }
            prefix = 24;
        }
        int address = DiscoveryChannels.toInt(self);
        int mask = -1 << (32 - prefix);
        int network = address & mask;
        int size = 1 << (32 - prefix);
        List<InetSocketAddress> targets = new ArrayList<>(size - 2);
        for (int i = 1; i < size - 1; i++) {
            int host = network + i;
            if (host != address) {
                targets.add(new InetSocketAddress(toAddress(host), port));
            }
        }
        return targets;
    }

    /**
     * The addresses to beacon to along with the beacon that leaves at {@code now}; {@code alone} says whether
     * multicast brings no member at the moment (a round starts only then, and stops when it does).
     */
    List<InetSocketAddress> due(long now, boolean alone) {
        if (targets.isEmpty() || !alone) {
            if (next >= 0) {
                next = -1;
                roundAt = now + REPEAT;
            }
            return List.of();
        }
        if (next < 0) {
            if (now < roundAt) {
                return List.of();
            }
            next = 0;
            rounds++;
        }
        int end = Math.min(targets.size(), next + PER_BEACON);
        List<InetSocketAddress> due = targets.subList(next, end);
        for (InetSocketAddress target : due) {
            hosts.add(target.getAddress());
        }
        sent += due.size();
        next = end;
        if (next == targets.size()) {
            next = -1;
            roundAt = now + REPEAT;
        }
        return due;
    }

    /** Whether a sweep beaconed to {@code host}. */
    boolean swept(InetAddress host) {
        return hosts.contains(host);
    }

    SweepMode mode() {
        return mode;
    }

    /** How many addresses a round covers; 0 when the sweep never runs here. */
    int size() {
        return targets.size();
    }

    /** Beacons sent by sweeps since start. */
    long sent() {
        return sent;
    }

    /** Whether a round is under way. */
    boolean running() {
        return next >= 0;
    }

    int rounds() {
        return rounds;
    }

    private static InetAddress toAddress(int value) {
        try {
            return InetAddress.getByAddress(new byte[]{(byte) (value >>> 24), (byte) (value >>> 16),
                    (byte) (value >>> 8), (byte) value});
        } catch (UnknownHostException e) {
            throw new AssertionError("four bytes are always an IPv4 address", e);
        }
    }
}
