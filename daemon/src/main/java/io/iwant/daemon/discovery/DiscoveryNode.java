package io.iwant.daemon.discovery;

import io.iwant.daemon.election.Action;
import io.iwant.daemon.election.Election;
import io.iwant.daemon.election.Event;
import io.iwant.daemon.election.Leader;
import io.iwant.daemon.election.State;
import io.iwant.daemon.election.Timings;
import io.iwant.protocol.discovery.Beacon;
import io.iwant.protocol.discovery.Bye;
import io.iwant.protocol.discovery.Datagrams;
import io.iwant.protocol.discovery.DiscoveryMessage;
import io.iwant.protocol.discovery.Gossip;
import io.iwant.protocol.discovery.PeerStamp;
import io.iwant.protocol.discovery.Ping;
import io.iwant.protocol.discovery.Pong;
import io.iwant.protocol.discovery.Victory;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.function.Predicate;

/**
 * Discovery of one peer as a pure node: it turns the messages this peer hears and the passing of time into the
 * {@link NodeAction}s to carry out, keeping the {@link Membership} view and the {@link Election} fed alike. It reads
 * no clock, owns no socket and starts no thread, so the discovery thread ({@link DiscoveryLoop}) and a simulated
 * network drive the same code. Not thread-safe: one thread feeds it.
 *
 * <pre>{@code
 * DiscoveryNode node = new DiscoveryNode("peer-a", 7378, List.of(), Timings.DEFAULT, now, random);
 * node.tick(now);                        // the first beacon
 * node.handle(message, source, later);   // a datagram arrived
 * node.tick(node.nextDeadline());        // timers: beacons, pings, failure detection
 * node.leave(last);                      // the good-bye
 * }</pre>
 *
 * <p>Messages to everyone (beacons, victories, the good-bye) go to the group, to every configured static peer (a
 * beacon marked direct, so that the static peer beacons back by unicast) and to every peer that sent this one a
 * direct beacon within the peer timeout ({@link NodeAction.ToGroup}, then its copies {@link NodeAction.ToAddress}).
 * Pings and pongs go to the address the peer's datagrams come from, meant for its incarnation alone
 * ({@link NodeAction.ToPeer}).
 *
 * <p>Beyond the group and the static peers, the {@link Ladder} adds two rungs: members pass on the addresses of the
 * members they hear ({@link Gossip}), and each address that is new here gets a ping, so that a peer that answers
 * from that address joins as if it had been heard; it then gets unicast beacons too, while multicast does not
 * bring it. And while multicast brings nobody, a {@link Sweep} beacons to every address of the subnet. Gossip is
 * heard from members only.
 */
public final class DiscoveryNode {
    /** Most peers in the membership view. */
    private static final int MAX_MEMBERS = 1024;
    /** Most peers answered by unicast because they sent us beacons by unicast. */
    private static final int MAX_DIRECT = 64;

    private final String selfId;
    private final List<InetSocketAddress> staticPeers;
    private final long peerTimeout;
    private final long pingInterval;
    private final long pingTimeout;
    private final Random random;
    private final Election election;
    private final Membership membership;
    private final Claimants claimants;
    private final Ladder ladder;
    /** Unicast sources of peers that sent us direct beacons, with when they last did. */
    private final Map<InetSocketAddress, Long> direct = new LinkedHashMap<>();
    private boolean toldIdClash;

    /** A peer of an open network that starts now (see the other constructor). */
    public DiscoveryNode(String peerId, int tcpPort, List<InetSocketAddress> staticPeers, Timings timings, long now,
                         Random random) {
        this(peerId, tcpPort, staticPeers, timings, now, random, false);
    }

    /**
     * A peer that starts now.
     *
     * @param tcpPort       the port of this peer's peer socket, advertised in its beacons
     * @param staticPeers   peers that also get every message to everyone by unicast
     * @param now           the current time on this peer's monotonic clock, in ms
     * @param random        the source of the incarnation, the session secrets and the beacon jitter
     * @param authenticated whether every message handed to it came in a datagram sealed with a network key (a
     *                      private network, see {@link DatagramGate}); unproven peers are then probed more readily
     */
    public DiscoveryNode(String peerId, int tcpPort, List<InetSocketAddress> staticPeers, Timings timings, long now,
                         Random random, boolean authenticated) {
        this(peerId, tcpPort, staticPeers, timings, now, random, authenticated, address -> true);
    }

    /**
     * A peer that starts now and pings no address that {@code probeable} refuses when a member gossips it (the
     * driver refuses this peer's own address; the node refuses the rest), with no sweep.
     */
    public DiscoveryNode(String peerId, int tcpPort, List<InetSocketAddress> staticPeers, Timings timings, long now,
                         Random random, boolean authenticated, Predicate<InetSocketAddress> probeable) {
        this(peerId, tcpPort, staticPeers, timings, now, random, authenticated, probeable, Sweep.NONE);
    }

    /**
     * A peer that starts now, with the rungs beyond the static peers set.
     *
     * @param probeable whether an address that a member gossiped may be pinged at all (the driver refuses this
     *                  peer's own address and its subnet's broadcast address; the node refuses the rest)
     * @param sweep     the sweep of the subnet, or {@link Sweep#NONE}
     */
    DiscoveryNode(String peerId, int tcpPort, List<InetSocketAddress> staticPeers, Timings timings, long now,
                  Random random, boolean authenticated, Predicate<InetSocketAddress> probeable, Sweep sweep) {
        this.selfId = peerId;
        this.staticPeers = List.copyOf(staticPeers);
        this.peerTimeout = timings.peerTimeout();
        this.pingInterval = timings.pingInterval();
        this.pingTimeout = timings.pingTimeout();
        this.random = random;
        this.election = new Election(timings, peerId, tcpPort, now, random);
        this.membership = new Membership(peerId, peerTimeout, MAX_MEMBERS);
        this.claimants = new Claimants(peerTimeout, pingInterval, pingTimeout, authenticated);
        this.ladder = new Ladder(this.staticPeers, sweep, pingTimeout, peerTimeout, probeable, now);
    }

    /** A message of another peer arrived from {@code source} at {@code now} by unicast (see the other handle). */
    public List<NodeAction> handle(DiscoveryMessage message, InetSocketAddress source, long now) {
        return handle(message, source, now, false);
    }

    /**
     * A message of another peer arrived from {@code source} at {@code now}. A member's messages count only from its
     * address; anyone else is a claimant, probed and otherwise unheard until it answers ({@link Claimants}); a
     * member's good-bye is checked before it counts; a member's gossip leads to pings of the addresses it names.
     *
     * @param group whether it came to the group's socket: a beacon that is not marked direct came by multicast
     */
    public List<NodeAction> handle(DiscoveryMessage message, InetSocketAddress source, long now, boolean group) {
        Objects.requireNonNull(source, "source");
        List<NodeAction> out = new ArrayList<>(2);
        PeerStamp from = message.from();
        if (from.peerId().equals(selfId)) {
            if (from.incarnation() != election.incarnation() && !toldIdClash) {
                toldIdClash = true;
                out.add(new NodeAction.IdClash(source));
            }
            return out;
        }
        if (message instanceof Bye) {
            if (!membership.checkGoodBye(from, source, now, pingInterval, pingTimeout)) {
                claimants.remove(from, source);
            }
            probe(now, out);
            return out;
        }
        if (message instanceof Beacon beacon && beacon.direct()) {
            direct.remove(source);
            direct.put(source, now);
            if (direct.size() > MAX_DIRECT) {
                direct.remove(direct.keySet().iterator().next());
            }
        }
        int tcpPort = message instanceof Beacon beacon ? beacon.tcpPort() : -1;
        boolean multicast = group && message instanceof Beacon beacon && !beacon.direct();
        if (membership.heard(from, source, tcpPort, now)) {
            if (multicast) {
                ladder.heardByMulticast(from.peerId(), now);
            }
            if (message instanceof Gossip gossip) {
                ladder.heard(from.peerId(), source, gossip, membership.members(), now);
                probe(now, out);
            } else {
                feed(received(message, now), out);
            }
            return out;
        }
        if (membership.tracks(from) || membership.stale(from, now)) {
            return out; // a member's id from another address, or a late datagram of an incarnation before
        }
        if (message instanceof Pong pong && ladder.provenLead(pong, source, now)) {
            admitLead(pong, source, now, out);
            probe(now, out);
            return out;
        }
        claimants.heard(message, source, tcpPort, now, multicast);
        if (message instanceof Ping ping) {
            out.add(new NodeAction.ToPeer(source, from.incarnation(), election.answer(ping, now)));
        } else if (message instanceof Pong pong) {
            claimants.proven(pong, source, now).ifPresent(proven -> admit(proven, pong, now, out));
        }
        probe(now, out);
        return out;
    }

    /** Time passed: peers silent for the peer timeout leave, probes go out, and the election runs its timers. */
    public List<NodeAction> tick(long now) {
        List<NodeAction> out = new ArrayList<>(2);
        for (Membership.Member gone : membership.expire(now)) {
            ladder.left(gone.peerId(), now);
            out.add(new NodeAction.Left(gone));
            feed(new Event.PeerGone(now, gone.peerId()), out);
        }
        direct.values().removeIf(last -> now - last >= peerTimeout);
        probe(now, out);
        feed(new Event.Tick(now), out);
        ladder.gossip(election.stamp(now), membership.members(), !staticPeers.isEmpty() || !direct.isEmpty(), now)
                .ifPresent(gossip -> toEveryone(gossip, false, now, out));
        return out;
    }

    /** This peer stops: the good-bye to everyone. Feed it nothing afterwards. */
    public List<NodeAction> leave(long now) {
        List<NodeAction> out = new ArrayList<>();
        toEveryone(new Bye(election.stamp(now)), false, now, out);
        return out;
    }

    /** When {@link #tick} is due at the latest. */
    public long nextDeadline() {
        return Math.min(Math.min(election.nextDeadline(), ladder.nextDeadline()),
                Math.min(membership.nextDeadline(), claimants.nextDeadline()));
    }

    /** The leader this peer follows or is; empty while it has none. */
    public Optional<Leader> leader() {
        return election.leader();
    }

    /** The term of the current leadership, or the highest term seen while there is none. */
    public long term() {
        return leader().map(Leader::term).orElse(election.term());
    }

    public State state() {
        return election.state();
    }

    public long incarnation() {
        return election.incarnation();
    }

    /** The proven peers this one hears, ordered by id; a live view, not to be kept across calls. */
    public Collection<Membership.Member> members() {
        return membership.members();
    }

    /** What the rungs of discovery are doing at {@code now}. */
    Rungs rungs(long now) {
        return ladder.snapshot(membership.members(), now);
    }

    /**
     * Whether datagrams from {@code source} are expected although it is neither on the link nor a static peer: it
     * is an address that a member gossiped and that this peer pinged, or a member found that way.
     */
    boolean expects(InetSocketAddress source) {
        return ladder.expects(source);
    }

    private void feed(Event event, List<NodeAction> out) {
        for (Action action : election.handle(event)) {
            if (action instanceof Action.SendBeacon a) {
                toEveryone(a.beacon(), true, event.now(), out);
                for (InetSocketAddress swept : ladder.sweep(event.now())) {
                    out.add(new NodeAction.ToAddress(swept, a.beacon().asDirect()));
                }
            } else if (action instanceof Action.AnnounceVictory a) {
                toEveryone(a.victory(), false, event.now(), out);
            } else if (action instanceof Action.PingLeader a) {
                toMember(a.leaderId(), a.ping(), event.now(), out);
            } else if (action instanceof Action.AnswerPing a) {
                toMember(a.peerId(), a.pong(), event.now(), out);
            } else if (action instanceof Action.LeaderChanged a) {
                out.add(new NodeAction.LeaderChanged(a.leader(),
                        a.leader().map(Leader::term).orElse(election.term())));
            }
        }
    }

    /**
     * To the group, to every static peer and linked member (marked direct when {@code markDirect}) and to every
     * direct peer that is not linked.
     */
    private void toEveryone(DiscoveryMessage message, boolean markDirect, long now, List<NodeAction> out) {
        out.add(new NodeAction.ToGroup(message));
        DiscoveryMessage marked = markDirect && message instanceof Beacon beacon ? beacon.asDirect() : message;
        for (InetSocketAddress peer : staticPeers) {
            out.add(new NodeAction.ToAddress(peer, marked));
        }
        for (InetSocketAddress peer : ladder.unicastTargets(now)) {
            out.add(new NodeAction.ToAddress(peer, marked));
        }
        for (InetSocketAddress peer : direct.keySet()) {
            if (!ladder.linked(peer)) {
                out.add(new NodeAction.ToAddress(peer, message));
            }
        }
    }

    /**
     * To a member's address, or to a claimant's while it is probed; a ping is remembered, since its answer proves
     * whoever gives it from that address.
     */
    private void toMember(String peerId, DiscoveryMessage message, long now, List<NodeAction> out) {
        InetSocketAddress target;
        long incarnation;
        Optional<Membership.Member> member = membership.get(peerId);
        Optional<Claimants.Claimant> claimant = claimants.latest(peerId);
        if (member.isPresent()) {
            target = member.get().source();
            incarnation = member.get().incarnation();
        } else if (claimant.isPresent()) {
            target = claimant.get().source;
            incarnation = claimant.get().stamp.incarnation();
        } else {
            out.add(new NodeAction.Unaddressed(peerId, message));
            return;
        }
        if (message instanceof Ping ping) {
            claimants.sent(peerId, incarnation, target, ping.nonce(), now);
        }
        out.add(new NodeAction.ToPeer(target, incarnation, message));
    }

    /** Pings every claimant and every member under a good-bye check that is due one. */
    private void probe(long now, List<NodeAction> out) {
        for (Claimants.Claimant claimant : claimants.due(now)) {
            probe(claimant.peerId(), claimant.stamp.incarnation(), claimant.source, now, out);
        }
        for (Membership.Member member : membership.dueChecks(now)) {
            probe(member.peerId(), member.incarnation(), member.source(), now, out);
        }
        ladder.dueLead(now).ifPresent(lead -> {
            long nonce = -1 - (random.nextLong() >>> 1);
            ladder.pinged(lead, nonce, now);
            out.add(new NodeAction.ToPeer(lead, Datagrams.EVERYONE, new Ping(election.stamp(now), nonce)));
        });
    }

    private void probe(String peerId, long incarnation, InetSocketAddress target, long now, List<NodeAction> out) {
        long nonce = -1 - (random.nextLong() >>> 1); // below every nonce of the election's own pings
        claimants.sent(peerId, incarnation, target, nonce, now);
        out.add(new NodeAction.ToPeer(target, incarnation, new Ping(election.stamp(now), nonce)));
    }

    /** A claimant answered: it joins the view, and the election hears of it from now on, starting with its pong. */
    private void admit(Claimants.Claimant proven, Pong pong, long now, List<NodeAction> out) {
        long start = Math.min(proven.start, now - pong.from().uptimeMillis());
        Rung rung = ladder.origin(proven.multicast, proven.source, now);
        // nothing brings it beacons from this peer, nor its beacons here, unless this peer links it
        boolean link = rung != Rung.MULTICAST && !direct.containsKey(proven.source)
                && !ladder.staticHost(proven.source);
        membership.admit(pong.from(), proven.source, proven.tcpPort, start, now).ifPresent(change -> {
            joined(change, rung, now, out);
            if (link) {
                ladder.link(proven.peerId(), proven.source);
            } else if (rung == Rung.MULTICAST) {
                ladder.heardByMulticast(proven.peerId(), now);
            }
            feed(new Event.PongReceived(now, pong), out);
            if (proven.claim != null) {
                feed(received(proven.claim, now), out);
            }
        });
    }

    /**
     * A gossiped address answered its ping: whoever answered joins from there, if its id is not a member already, and
     * gets unicast beacons from now on (so that it beacons back).
     */
    private void admitLead(Pong pong, InetSocketAddress source, long now, List<NodeAction> out) {
        String id = pong.from().peerId();
        if (membership.get(id).isPresent() || !ladder.link(id, source)) {
            return; // a member at another address stays where it is
        }
        membership.admit(pong.from(), source, 0, now - pong.from().uptimeMillis(), now).ifPresentOrElse(change -> {
            joined(change, Rung.GOSSIP, now, out);
            feed(new Event.PongReceived(now, pong), out);
        }, () -> ladder.left(id, now));
    }

    /** Tells the driver and the ladder of a member that joined, found by {@code rung}. */
    private void joined(Membership.Change change, Rung rung, long now, List<NodeAction> out) {
        Membership.Member member;
        if (change instanceof Membership.Change.Restarted restarted) {
            ladder.left(restarted.old().peerId(), now);
            out.add(new NodeAction.Left(restarted.old()));
            member = restarted.member();
        } else {
            member = ((Membership.Change.Joined) change).member();
        }
        out.add(new NodeAction.Joined(member));
        ladder.joined(member.peerId(), rung, now);
    }

    /** The election's event for a message of a member (not a good-bye, which is checked instead). */
    private static Event received(DiscoveryMessage message, long now) {
        if (message instanceof Beacon beacon) {
            return new Event.BeaconReceived(now, beacon);
        } else if (message instanceof Victory victory) {
            return new Event.VictoryReceived(now, victory);
        } else if (message instanceof Ping ping) {
            return new Event.PingReceived(now, ping);
        } else if (message instanceof Pong pong) {
            return new Event.PongReceived(now, pong);
        }
        throw new IllegalArgumentException("no election event for " + message.getClass().getSimpleName());
    }
}
