package io.iwant.daemon.discovery;

import io.iwant.protocol.discovery.PeerStamp;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The proven peers this one hears, with failure detection. A peer gets in only once it has proven that it can be
 * reached ({@link #admit}, after it answered a ping at its address; until then it is one of the {@link Claimants}),
 * and from then on only datagrams of its incarnation from its address count: they keep it alive (a peer silent for
 * the peer timeout has left) and refine its start, estimated on this peer's monotonic clock from the uptime in each
 * message (the earliest estimate wins), so ages never depend on wall clocks. A good-bye is checked, not believed: it
 * starts a {@linkplain #checkGoodBye check} that removes the peer only if it stays silent for the ping timeout. Pure
 * and single-threaded: the caller passes the time. At most {@code maxMembers} peers are tracked, and since only
 * proven peers get in, made-up ids never take their room.
 */
public final class Membership {
    /**
     * One peer: where its datagrams come from, the TCP port it advertises (0 until a beacon told), when it started
     * and when it was last heard, both on this peer's monotonic clock in ms.
     */
    public record Member(String peerId, long incarnation, InetSocketAddress source, int tcpPort, long start,
                         long lastHeard) {
        /** The peer socket endpoint: the source address with the advertised port; empty until a beacon told it. */
        public Optional<InetSocketAddress> tcpEndpoint() {
            return tcpPort == 0 ? Optional.empty() : Optional.of(new InetSocketAddress(source.getAddress(), tcpPort));
        }

        /** Whether {@code from} is this incarnation of this peer. */
        boolean is(PeerStamp from) {
            return peerId.equals(from.peerId()) && incarnation == from.incarnation();
        }
    }

    /** What a proven peer changed in the view. */
    public sealed interface Change {
        record Joined(Member member) implements Change {
        }

        /** The same peer id came back in a new incarnation: the old one left, the new one joined. */
        record Restarted(Member old, Member member) implements Change {
        }
    }

    private final String selfId;
    private final long timeout;
    private final int maxMembers;
    private final Map<String, Member> members = new TreeMap<>();
    /** Members that said good-bye, each with the probe that checks whether it really left. */
    private final Map<String, Probe> goodByes = new TreeMap<>();

    public Membership(String selfId, long timeout, int maxMembers) {
        if (timeout <= 0 || maxMembers <= 0) {
            throw new IllegalArgumentException("timeout and capacity must be positive");
        }
        this.selfId = selfId;
        this.timeout = timeout;
        this.maxMembers = maxMembers;
    }

    /**
     * A message of {@code from} arrived from {@code source} at {@code now}: if it is a member's incarnation from the
     * member's address, it keeps the member alive (and ends a good-bye check, since the member still speaks).
     *
     * @param tcpPort the advertised TCP port if the message was a beacon, else -1
     * @return whether it came from a member; false for anyone else, and for a member's id and incarnation from
     *     another address (which changes nothing)
     */
    public boolean heard(PeerStamp from, InetSocketAddress source, int tcpPort, long now) {
        Member known = members.get(from.peerId());
        if (known == null || !known.is(from) || !known.source().equals(source)) {
            return false;
        }
        members.put(known.peerId(), new Member(known.peerId(), known.incarnation(), source,
                tcpPort >= 0 ? tcpPort : known.tcpPort(), Math.min(known.start(), now - from.uptimeMillis()), now));
        goodByes.remove(known.peerId());
        return true;
    }

    /** Whether {@code from} is an incarnation of a member's id that started before the member: a late datagram. */
    public boolean stale(PeerStamp from, long now) {
        Member known = members.get(from.peerId());
        return known != null && known.incarnation() != from.incarnation()
                && now - from.uptimeMillis() <= known.start();
    }

    /**
     * A peer proved that it answers at {@code source}: it joins, or replaces an earlier incarnation of its id.
     *
     * @return the change; empty when the view is full or the peer is this one
     */
    public Optional<Change> admit(PeerStamp from, InetSocketAddress source, int tcpPort, long start, long now) {
        String id = from.peerId();
        if (id.equals(selfId)) {
            return Optional.empty();
        }
        Member known = members.get(id);
        if (known == null && members.size() >= maxMembers) {
            return Optional.empty();
        }
        Member member = new Member(id, from.incarnation(), source, Math.max(tcpPort, 0), start, now);
        members.put(id, member);
        goodByes.remove(id);
        if (known == null) {
            return Optional.of(new Change.Joined(member));
        }
        return Optional.of(known.is(from) ? new Change.Joined(member) : new Change.Restarted(known, member));
    }

    /** Whether the view holds this incarnation of the sender. */
    public boolean tracks(PeerStamp from) {
        Member member = members.get(from.peerId());
        return member != null && member.is(from);
    }

    /**
     * A good-bye of {@code from} arrived from {@code source}: if it is a member speaking from its address, a check
     * starts; the member leaves once it has been silent for {@code pingTimeout} ({@link #expire}), and stays if
     * anything of it is heard before ({@link #heard}). A good-bye from any other address changes nothing.
     *
     * @return whether a check started (or was already running)
     */
    public boolean checkGoodBye(PeerStamp from, InetSocketAddress source, long now, long pingInterval,
                                long pingTimeout) {
        Member known = members.get(from.peerId());
        if (known == null || !known.is(from) || !known.source().equals(source)) {
            return false;
        }
        goodByes.putIfAbsent(known.peerId(), Probe.start(now, pingInterval, pingTimeout));
        return true;
    }

    /** The members under a good-bye check that are due a ping at {@code now}. */
    public List<Member> dueChecks(long now) {
        List<Member> due = new ArrayList<>();
        goodByes.forEach((id, probe) -> {
            if (probe.pingDue(now)) {
                due.add(members.get(id));
            }
        });
        return due;
    }

    /** The peers silent for the timeout at {@code now}, and those silent since their good-bye was checked, removed. */
    public List<Member> expire(long now) {
        List<Member> gone = new ArrayList<>();
        for (Iterator<Member> it = members.values().iterator(); it.hasNext(); ) {
            Member member = it.next();
            Probe check = goodByes.get(member.peerId());
            if (now - member.lastHeard() >= timeout || (check != null && check.over(now))) {
                gone.add(member);
                goodByes.remove(member.peerId());
                it.remove();
            }
        }
        return gone;
    }

    /** When the next peer times out or is due a ping; {@link Long#MAX_VALUE} when none is known. */
    public long nextDeadline() {
        long next = Long.MAX_VALUE;
        for (Member member : members.values()) {
            next = Math.min(next, member.lastHeard() + timeout);
        }
        for (Probe check : goodByes.values()) {
            next = Math.min(next, check.nextDeadline());
        }
        return next;
    }

    public Optional<Member> get(String peerId) {
        return Optional.ofNullable(members.get(peerId));
    }

    /** The known peers, ordered by id; a live view, not to be kept across calls. */
    public Collection<Member> members() {
        return members.values();
    }
}
