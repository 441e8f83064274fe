package io.iwant.daemon.discovery;

import io.iwant.protocol.discovery.Beacon;
import io.iwant.protocol.discovery.DiscoveryMessage;
import io.iwant.protocol.discovery.PeerStamp;
import io.iwant.protocol.discovery.Pong;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The peers heard but not proven yet: anyone can put any id, incarnation, uptime and term in a datagram, so a peer
 * counts for nothing (not a member, not a candidate, its terms and victories unheard) until it has answered a ping
 * of this peer at the address it speaks from. Each claimant is probed as soon as it is heard
 * ({@link #due}); one that does not answer within the ping timeout is left alone for a back-off (2 s, doubling up to
 * 60 s) however much it keeps sending, and one that falls silent for the peer timeout is forgotten. In a private
 * network the back-off stays at 2 s: every claimant there sent datagrams sealed with the key (a member's, or a
 * replay of one), so it costs a stranger nothing to be probed, and a real peer that could be heard but not reached
 * for a while (a one-way link, a relay) is found again soon after its path heals.
 *
 * <p>A claimant is an incarnation heard from one address: the same id and incarnation heard from two addresses (a
 * peer and someone who replays or copies its datagrams) are two claimants, each probed at its own address, so that
 * whoever speaks first in a peer's name cannot lock the peer out. A proof counts only for the incarnation that was
 * pinged, answering the ping's fresh nonce from the address it went to.
 *
 * <p>The table is small and bounded, and bounded per sending host too: a flood of made-up ids from one host only
 * ever evicts that host's own claimants, so a real peer that comes along still gets its probe. Pure and
 * single-threaded.
 */
final class Claimants {
    /** Most claimants held. */
    static final int MAX_CLAIMANTS = 64;
    /** Most claimants held from one host (IP address). */
    static final int MAX_PER_HOST = 8;
    /** Most pings remembered while their answers are awaited. */
    static final int MAX_PINGS = 256;
    static final long FIRST_BACKOFF = 2_000;
    static final long MAX_BACKOFF = 60_000;

    /** One claimant: an incarnation of a peer id, heard from one address. */
    static final class Claimant {
        final PeerStamp stamp;
        final InetSocketAddress source;
        int tcpPort;
        /** Whether any of its beacons came by multicast (else it was found by unicast). */
        boolean multicast;
        long start;
        long lastHeard;
        /**
         * Its latest beacon, handed to the election once it is proven (a beacon only leads to a ping of whoever it
         * names; an old victory could be followed on its word).
         */
        DiscoveryMessage claim;
        /** While probed: the probe; null while backing off. */
        Probe probe;
        int failures;
        long retryAt;

        Claimant(PeerStamp stamp, InetSocketAddress source) {
            this.stamp = stamp;
            this.source = source;
        }

        String peerId() {
            return stamp.peerId();
        }
    }

    private record Key(String peerId, long incarnation, InetSocketAddress source) {
        static Key of(PeerStamp stamp, InetSocketAddress source) {
            return new Key(stamp.peerId(), stamp.incarnation(), source);
        }
    }

    /** A ping to one incarnation of a peer at one address. */
    private record Sent(String peerId, long incarnation, InetSocketAddress target, long at) {
        boolean answeredBy(PeerStamp from, InetSocketAddress source) {
            return peerId.equals(from.peerId()) && incarnation == from.incarnation() && target.equals(source);
        }
    }

    private final long timeout;
    private final long pingInterval;
    private final long pingTimeout;
    private final long maxBackoff;
    /** In the order first heard. */
    private final Map<Key, Claimant> claimants = new LinkedHashMap<>();
    /** The pings sent and not answered yet, by nonce, oldest first. */
    private final Map<Long, Sent> pings = new LinkedHashMap<>();

    /** @param authenticated whether every datagram heard was sealed with a network key (a private network) */
    Claimants(long timeout, long pingInterval, long pingTimeout, boolean authenticated) {
        this.timeout = timeout;
        this.pingInterval = pingInterval;
        this.pingTimeout = pingTimeout;
        this.maxBackoff = authenticated ? FIRST_BACKOFF : MAX_BACKOFF;
    }

    /**
     * A message of a peer that is not a member arrived from {@code source}: a new claimant (probed from now on), or
     * one already held at that address, kept alive.
     *
     * @param tcpPort   the advertised TCP port if the message was a beacon, else -1
     * @param multicast whether it was a beacon that came by multicast
     * @return the claimant
     */
    Claimant heard(DiscoveryMessage message, InetSocketAddress source, int tcpPort, long now, boolean multicast) {
        PeerStamp from = message.from();
        Key key = Key.of(from, source);
        Claimant claimant = claimants.get(key);
        if (claimant == null) {
            makeRoomFor(host(source));
            claimant = new Claimant(from, source);
            claimant.start = now - from.uptimeMillis();
            claimant.probe = Probe.start(now, pingInterval, pingTimeout);
            claimants.put(key, claimant);
        }
        claimant.lastHeard = now;
        claimant.multicast |= multicast;
        claimant.start = Math.min(claimant.start, now - from.uptimeMillis());
        if (tcpPort >= 0) {
            claimant.tcpPort = tcpPort;
        }
        if (message instanceof Beacon) {
            claimant.claim = message;
        }
        return claimant;
    }

    /**
     * A ping to {@code incarnation} of {@code peerId} left for {@code target}: its answer would prove that
     * incarnation at that address.
     */
    void sent(String peerId, long incarnation, InetSocketAddress target, long nonce, long now) {
        pings.put(nonce, new Sent(peerId, incarnation, target, now));
        if (pings.size() > MAX_PINGS) {
            Iterator<Long> oldest = pings.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
    }

    /**
     * A pong arrived from {@code source}: if it answers, within the ping timeout, a ping this peer sent to that
     * address for that incarnation of that id, its sender is proven and leaves this table.
     *
     * @return the proven claimant; empty if the pong proves nothing
     */
    Optional<Claimant> proven(Pong pong, InetSocketAddress source, long now) {
        Sent sent = pings.get(pong.nonce());
        Key key = Key.of(pong.from(), source);
        Claimant claimant = claimants.get(key);
        if (sent == null || claimant == null || now - sent.at() > pingTimeout
                || !sent.answeredBy(pong.from(), source)) {
            return Optional.empty();
        }
        pings.remove(pong.nonce());
        claimants.remove(key);
        return Optional.of(claimant);
    }

    /** Forgets a claimant (it said good-bye from its address). */
    void remove(PeerStamp from, InetSocketAddress source) {
        claimants.remove(Key.of(from, source));
    }

    /**
     * The claimants due a ping at {@code now}. Runs the timers too: a probe without answer turns into a back-off,
     * a back-off that is over into a new probe, and claimants silent for the peer timeout are forgotten.
     */
    List<Claimant> due(long now) {
        pings.values().removeIf(sent -> now - sent.at() > pingTimeout);
        List<Claimant> due = new ArrayList<>();
        for (Iterator<Claimant> it = claimants.values().iterator(); it.hasNext(); ) {
            Claimant claimant = it.next();
            if (now - claimant.lastHeard >= timeout) {
                it.remove();
                continue;
            }
            if (claimant.probe != null && claimant.probe.over(now)) {
                claimant.probe = null;
                claimant.failures++;
                claimant.retryAt = now + backoff(claimant.failures);
            }
            if (claimant.probe == null && now >= claimant.retryAt) {
                claimant.probe = Probe.start(now, pingInterval, pingTimeout);
            }
            if (claimant.probe != null && claimant.probe.pingDue(now)) {
                due.add(claimant);
            }
        }
        return due;
    }

    /** When {@link #due} wants to run at the latest; {@link Long#MAX_VALUE} when no claimant is held. */
    long nextDeadline() {
        long next = Long.MAX_VALUE;
        for (Claimant claimant : claimants.values()) {
            long timer = claimant.probe != null ? claimant.probe.nextDeadline() : claimant.retryAt;
            next = Math.min(next, Math.min(timer, claimant.lastHeard + timeout));
        }
        return next;
    }

    /**
     * Where a ping to {@code peerId} would go if it is only a claimant: of its claimants that are not backing off,
     * the one first heard most recently; empty if there is none.
     */
    Optional<Claimant> latest(String peerId) {
        Claimant latest = null;
        for (Claimant claimant : claimants.values()) {
            if (claimant.peerId().equals(peerId) && claimant.probe != null) {
                latest = claimant;
            }
        }
        return Optional.ofNullable(latest);
    }

    /** Makes room for one more claimant from {@code host}: evicts that host's oldest if it has its share, else the
     * oldest of the host with the most claimants if the table is full. */
    private void makeRoomFor(String host) {
        Shares.evictFor(host, claimants.values().stream().map(c -> host(c.source)).toList(), MAX_PER_HOST,
                MAX_CLAIMANTS).ifPresent(evictFrom -> {
                    for (Iterator<Claimant> it = claimants.values().iterator(); it.hasNext(); ) {
                        if (host(it.next().source).equals(evictFrom)) {
                            it.remove();
                            return;
                        }
                    }
                });
    }

    private long backoff(int failures) {
        return Math.min(maxBackoff, FIRST_BACKOFF << Math.min(failures - 1, 10));
    }

    /** The sending host: its IP address, or the host name of an unresolved address (simulated networks). */
    private static String host(InetSocketAddress address) {
        return address.getAddress() != null ? address.getAddress().getHostAddress() : address.getHostString();
    }
}
