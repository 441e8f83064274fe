package io.iwant.daemon.discovery;

import io.iwant.daemon.election.Action;
import io.iwant.daemon.election.Election;
import io.iwant.daemon.election.Event;
import io.iwant.daemon.election.Leader;
import io.iwant.daemon.election.State;
import io.iwant.daemon.election.Timings;
import io.iwant.protocol.discovery.Beacon;
import io.iwant.protocol.discovery.Bye;
import io.iwant.protocol.discovery.DiscoveryMessage;
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
        this.selfId = peerId;
        this.staticPeers = List.copyOf(staticPeers);
        this.peerTimeout = timings.peerTimeout();
        this.pingInterval = timings.pingInterval();
        this.pingTimeout = timings.pingTimeout();
        this.random = random;
        this.election = new Election(timings, peerId, tcpPort, now, random);
        this.membership = new Membership(peerId, peerTimeout, MAX_MEMBERS);
        this.claimants = new Claimants(peerTimeout, pingInterval, pingTimeout, authenticated);
    }

    /**
     * A message of another peer arrived from {@code source} at {@code now}. A member's messages count only from its
     * address; anyone else is a claimant, probed and otherwise unheard until it answers ({@link Claimants}); a
     * member's good-bye is checked before it counts.
     */
    public List<NodeAction> handle(DiscoveryMessage message, InetSocketAddress source, long now) {
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
        if (membership.heard(from, source, tcpPort, now)) {
            feed(received(message, now), out);
            return out;
        }
        if (membership.tracks(from) || membership.stale(from, now)) {
            return out; // a member's id from another address, or a late datagram of an incarnation before
        }
        claimants.heard(message, source, tcpPort, now);
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
            out.add(new NodeAction.Left(gone));
            feed(new Event.PeerGone(now, gone.peerId()), out);
        }
        direct.values().removeIf(last -> now - last >= peerTimeout);
        probe(now, out);
        feed(new Event.Tick(now), out);
        return out;
    }

    /** This peer stops: the good-bye to everyone. Feed it nothing afterwards. */
    public List<NodeAction> leave(long now) {
        List<NodeAction> out = new ArrayList<>();
        toEveryone(new Bye(election.stamp(now)), false, out);
        return out;
    }

    /** When {@link #tick} is due at the latest. */
    public long nextDeadline() {
        return Math.min(election.nextDeadline(), Math.min(membership.nextDeadline(), claimants.nextDeadline()));
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

    private void feed(Event event, List<NodeAction> out) {
        for (Action action : election.handle(event)) {
            if (action instanceof Action.SendBeacon a) {
                toEveryone(a.beacon(), true, out);
            } else if (action instanceof Action.AnnounceVictory a) {
                toEveryone(a.victory(), false, out);
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

    /** To the group, to every static peer (marked direct when {@code markDirect}) and to every direct peer. */
    private void toEveryone(DiscoveryMessage message, boolean markDirect, List<NodeAction> out) {
        out.add(new NodeAction.ToGroup(message));
        if (!staticPeers.isEmpty()) {
            DiscoveryMessage toStatic = markDirect && message instanceof Beacon beacon ? beacon.asDirect() : message;
            for (InetSocketAddress peer : staticPeers) {
                out.add(new NodeAction.ToAddress(peer, toStatic));
            }
        }
        for (InetSocketAddress peer : direct.keySet()) {
            out.add(new NodeAction.ToAddress(peer, message));
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
    }

    private void probe(String peerId, long incarnation, InetSocketAddress target, long now, List<NodeAction> out) {
        long nonce = -1 - (random.nextLong() >>> 1); // below every nonce of the election's own pings
        claimants.sent(peerId, incarnation, target, nonce, now);
        out.add(new NodeAction.ToPeer(target, incarnation, new Ping(election.stamp(now), nonce)));
    }

    /** A claimant answered: it joins the view, and the election hears of it from now on, starting with its pong. */
    private void admit(Claimants.Claimant proven, Pong pong, long now, List<NodeAction> out) {
        long start = Math.min(proven.start, now - pong.from().uptimeMillis());
        membership.admit(pong.from(), proven.source, proven.tcpPort, start, now).ifPresent(change -> {
            if (change instanceof Membership.Change.Joined joined) {
                out.add(new NodeAction.Joined(joined.member()));
            } else if (change instanceof Membership.Change.Restarted restarted) {
                out.add(new NodeAction.Left(restarted.old()));
                out.add(new NodeAction.Joined(restarted.member()));
            }
            feed(new Event.PongReceived(now, pong), out);
            if (proven.claim != null) {
                feed(received(proven.claim, now), out);
            }
        });
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
