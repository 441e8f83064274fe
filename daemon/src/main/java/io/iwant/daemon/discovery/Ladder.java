package io.iwant.daemon.discovery;

import io.iwant.protocol.discovery.Gossip;
import io.iwant.protocol.discovery.PeerStamp;
import io.iwant.protocol.discovery.Pong;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The rungs of discovery beyond the group, for one {@link DiscoveryNode}: which members multicast brings, the
 * gossip this peer sends and the {@link Rumors} it hears, the members proven through gossip that it keeps beaconing
 * to by unicast ("linked"), the {@link Sweep}, and which rung found each member.
 *
 * <p>Gossip costs nothing where multicast reaches everyone: a peer gossips only when it has at least two members
 * and someone who may not hear them all (a static, direct or linked peer, or a member it does not hear by
 * multicast). Then one {@link Gossip} of up to {@link Gossip#MAX_MEMBERS} member addresses (a window that rotates
 * over the view) goes with the messages to everyone: as soon as a member joined (but not within {@link #SOON} of the
 * last), every second for {@link #FRESH} after the view changed, every {@link #SLOW} otherwise. A linked member that multicast brings gets no unicast beacons while it does. Pure and
 * single-threaded.
 */
final class Ladder {
    /** Gossip every second while the view changed this recently. */
    static final long FRESH = 10_000;
    static final long FAST = 1_000;
    static final long SLOW = 5_000;
    /** Fewest ms between two gossips, however fast members join. */
    static final long SOON = 200;
    /** Most members beaconed to by unicast because gossip found them. */
    static final int MAX_LINKED = 64;

    private final long peerTimeout;
    private final Set<InetAddress> staticHosts;
    private final Predicate<InetSocketAddress> probeable;
    private final Rumors rumors;
    private final Sweep sweep;
    /** Members whose beacons came by multicast, with when they last did. */
    private final Map<String, Long> multicast = new HashMap<>();
    /** Members proven through gossip, beaconed to by unicast, by id. */
    private final Map<String, InetSocketAddress> linked = new LinkedHashMap<>();
    private final Map<String, Rung> foundBy = new HashMap<>();
    private long nextGossipAt;
    private long lastGossipAt = Long.MIN_VALUE / 2;
    private long changedAt;
    private int cursor;
    private final int staticPeers;

    /**
     * @param probeable whether a gossiped address may be pinged at all, beyond what every peer refuses (this peer's
     *                  own address, its subnet's broadcast address: what only the driver knows)
     */
    Ladder(List<InetSocketAddress> staticPeers, Sweep sweep, long pingTimeout, long peerTimeout,
           Predicate<InetSocketAddress> probeable, long now) {
        this.peerTimeout = peerTimeout;
        this.staticPeers = staticPeers.size();
        this.staticHosts = staticPeers.stream().map(InetSocketAddress::getAddress).collect(Collectors.toSet());
        this.probeable = probeable;
        this.rumors = new Rumors(pingTimeout);
        this.sweep = sweep;
        this.nextGossipAt = now + FAST;
        this.changedAt = now;
    }

    /** A beacon of member {@code peerId} came by multicast. */
    void heardByMulticast(String peerId, long now) {
        multicast.put(peerId, now);
    }

    private boolean byMulticast(String peerId, long now) {
        Long last = multicast.get(peerId);
        return last != null && now - last < peerTimeout;
    }

    /** Whether multicast brings no member at the moment. */
    boolean alone(long now) {
        multicast.values().removeIf(last -> now - last >= peerTimeout);
        return multicast.isEmpty();
    }

    /**
     * Member {@code teller}, speaking from {@code tellerSource}, gossiped: every address worth a ping becomes a lead.
     * Not worth one: port 0; a multicast, broadcast or unspecified address; a loopback address unless the teller
     * speaks from one; an address a member speaks from; whatever {@code probeable} refuses (this peer).
     */
    void heard(String teller, InetSocketAddress tellerSource, Gossip gossip, Collection<Membership.Member> members,
               long now) {
        for (InetSocketAddress address : gossip.members()) {
            if (worthAPing(address, tellerSource) && members.stream().noneMatch(m -> m.source().equals(address))) {
                rumors.heard(teller, address, now);
            }
        }
    }

    private boolean worthAPing(InetSocketAddress address, InetSocketAddress tellerSource) {
        InetAddress ip = address.getAddress();
        return address.getPort() != 0 && ip instanceof Inet4Address && !ip.isMulticastAddress()
                && !ip.isAnyLocalAddress() && !isLimitedBroadcast(ip)
                && (!ip.isLoopbackAddress() || tellerSource.getAddress().isLoopbackAddress())
                && probeable.test(address);
    }

    private static boolean isLimitedBroadcast(InetAddress ip) {
        byte[] b = ip.getAddress();
        return (b[0] & b[1] & b[2] & b[3]) == (byte) 0xff;
    }

    /** The lead to ping at {@code now}, if one is due (see {@link Rumors#due}). */
    Optional<InetSocketAddress> dueLead(long now) {
        return rumors.due(now);
    }

    void pinged(InetSocketAddress lead, long nonce, long now) {
        rumors.sent(lead, nonce, now);
    }

    /** Whether a pong answers a ping to a lead from the lead's address. */
    boolean provenLead(Pong pong, InetSocketAddress source, long now) {
        return rumors.proven(pong, source, now);
    }

    /** Whether datagrams from {@code source} are expected: a lead pinged, or a linked member. */
    boolean expects(InetSocketAddress source) {
        return rumors.awaits(source) || linked.containsValue(source);
    }

    /**
     * A member proven through gossip: beaconed to by unicast from now on, while multicast does not bring it.
     *
     * @return false when the table of linked members is full (it does not join, then)
     */
    boolean link(String peerId, InetSocketAddress source) {
        if (linked.size() >= MAX_LINKED && !linked.containsKey(peerId)) {
            return false;
        }
        linked.put(peerId, source);
        return true;
    }

    /** The linked members' addresses that multicast does not bring at the moment: they get unicast beacons. */
    List<InetSocketAddress> unicastTargets(long now) {
        List<InetSocketAddress> targets = new ArrayList<>(linked.size());
        linked.forEach((id, source) -> {
            if (!byMulticast(id, now)) {
                targets.add(source);
            }
        });
        return targets;
    }

    /** Whether {@code source} is the host of a static peer (which gets this peer's beacons at its discovery port). */
    boolean staticHost(InetSocketAddress source) {
        return staticHosts.contains(source.getAddress());
    }

    /** Whether {@code target} is a linked member's address. */
    boolean linked(InetSocketAddress target) {
        return linked.containsValue(target);
    }

    /**
     * The rung that found a member proven by answering a probe, from how its first message came: a peer that
     * speaks from an address pinged as a lead a moment ago was found by gossip (its answer to that ping may have been
     * lost, or come after its own probe of this peer).
     */
    Rung origin(boolean byMulticast, InetSocketAddress source, long now) {
        if (byMulticast) {
            return Rung.MULTICAST;
        }
        if (rumors.pingedRecently(source, now)) {
            return Rung.GOSSIP;
        }
        return !staticHosts.contains(source.getAddress()) && sweep.swept(source.getAddress()) ? Rung.SWEEP
                : Rung.STATIC;
    }

    /** Member {@code peerId} joined, found by {@code rung}: the next gossip goes out soon. */
    void joined(String peerId, Rung rung, long now) {
        foundBy.put(peerId, rung);
        changedAt = now;
        nextGossipAt = Math.min(nextGossipAt, Math.max(now, lastGossipAt + SOON));
    }

    /** Member {@code peerId} left. */
    void left(String peerId, long now) {
        foundBy.remove(peerId);
        linked.remove(peerId);
        multicast.remove(peerId);
        changedAt = now;
    }

    /** The addresses the sweep beacons to along with the beacon leaving at {@code now}. */
    List<InetSocketAddress> sweep(long now) {
        return sweep.due(now, alone(now));
    }

    /**
     * The gossip to send at {@code now}, if one is due and anyone may need it.
     *
     * @param unicast whether this peer has static or direct peers (they may not hear the group)
     */
    Optional<Gossip> gossip(PeerStamp stamp, Collection<Membership.Member> members, boolean unicast, long now) {
        if (now < nextGossipAt) {
            return Optional.empty();
        }
        lastGossipAt = now;
        nextGossipAt = now + (now - changedAt < FRESH ? FAST : SLOW);
        boolean remote = members.stream().anyMatch(m -> !byMulticast(m.peerId(), now));
        if (members.size() < 2 || !(unicast || remote)) {
            return Optional.empty();
        }
        List<Membership.Member> all = new ArrayList<>(members);
        int count = Math.min(all.size(), Gossip.MAX_MEMBERS);
        List<InetSocketAddress> told = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            told.add(all.get((cursor + i) % all.size()).source());
        }
        cursor = (cursor + count) % all.size();
        return Optional.of(Gossip.of(stamp, told));
    }

    /** When gossip, a lead's ping or the sweep is due at the latest. */
    long nextDeadline() {
        return Math.min(nextGossipAt, rumors.nextDeadline());
    }

    Rungs snapshot(Collection<Membership.Member> members, long now) {
        Map<Rung, Integer> found = new EnumMap<>(Rung.class);
        for (Rung rung : Rung.values()) {
            found.put(rung, 0);
        }
        int heard = 0;
        for (Membership.Member member : members) {
            found.merge(foundBy.getOrDefault(member.peerId(), Rung.STATIC), 1, Integer::sum);
            if (byMulticast(member.peerId(), now)) {
                heard++;
            }
        }
        return new Rungs(heard, found, staticPeers, linked.size(), rumors.pending(), rumors.probes(),
                sweep.mode(), sweep.size(), sweep.running(), sweep.sent());
    }

    /** The leads not pinged yet, oldest first (tests). */
    List<InetSocketAddress> leads() {
        return rumors.leads();
    }
}
