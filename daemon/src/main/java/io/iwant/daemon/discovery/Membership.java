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
 * The peers this one hears, with failure detection: any datagram from a peer keeps it alive, and a peer silent for
 * the peer timeout has left. Starts are estimated on this peer's monotonic clock from the uptime in each message
 * (the earliest estimate wins), so ages never depend on wall clocks. Pure and single-threaded: the caller passes the
 * time. At most {@code maxMembers} peers are tracked, so a flood of made-up ids cannot exhaust memory.
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
    }

    /** What a message changed in the view. */
    public sealed interface Change {
        record Joined(Member member) implements Change {
        }

        record Left(Member member) implements Change {
        }

        /** The same peer id came back in a new incarnation: the old one left, the new one joined. */
        record Restarted(Member old, Member member) implements Change {
        }
    }

    private final String selfId;
    private final long timeout;
    private final int maxMembers;
    private final Map<String, Member> members = new TreeMap<>();

    public Membership(String selfId, long timeout, int maxMembers) {
        if (timeout <= 0 || maxMembers <= 0) {
            throw new IllegalArgumentException("timeout and capacity must be positive");
        }
        this.selfId = selfId;
        this.timeout = timeout;
        this.maxMembers = maxMembers;
    }

    /**
     * A message of {@code from} arrived from {@code source} at {@code now}.
     *
     * @param tcpPort the advertised TCP port if the message was a beacon, else -1
     * @return the change it made: empty for a known peer, for one over capacity and for a stale message of an
     *     incarnation that has restarted since
     */
    public Optional<Change> heard(PeerStamp from, InetSocketAddress source, int tcpPort, long now) {
        String id = from.peerId();
        if (id.equals(selfId)) {
            return Optional.empty();
        }
        long estimate = now - from.uptimeMillis();
        Member known = members.get(id);
        if (known == null) {
            if (members.size() >= maxMembers) {
                return Optional.empty();
            }
            Member member = new Member(id, from.incarnation(), source, Math.max(tcpPort, 0), estimate, now);
            members.put(id, member);
            return Optional.of(new Change.Joined(member));
        }
        if (known.incarnation() != from.incarnation()) {
            if (estimate <= known.start()) {
                return Optional.empty(); // a late datagram of the incarnation before
            }
            Member member = new Member(id, from.incarnation(), source, Math.max(tcpPort, 0), estimate, now);
            members.put(id, member);
            return Optional.of(new Change.Restarted(known, member));
        }
        members.put(id, new Member(id, known.incarnation(), source, tcpPort >= 0 ? tcpPort : known.tcpPort(),
                Math.min(known.start(), estimate), now));
        return Optional.empty();
    }

    /** Whether the view holds this incarnation of the sender (so it is neither stale nor over capacity). */
    public boolean tracks(PeerStamp from) {
        Member member = members.get(from.peerId());
        return member != null && member.incarnation() == from.incarnation();
    }

    /** The peers silent for the timeout at {@code now}, removed. */
    public List<Member> expire(long now) {
        List<Member> gone = new ArrayList<>();
        for (Iterator<Member> it = members.values().iterator(); it.hasNext(); ) {
            Member member = it.next();
            if (now - member.lastHeard() >= timeout) {
                gone.add(member);
                it.remove();
            }
        }
        return gone;
    }

    /** A peer said good-bye: removes it if that incarnation is the one known. */
    public Optional<Member> leave(PeerStamp from) {
        Member known = members.get(from.peerId());
        if (known == null || known.incarnation() != from.incarnation()) {
            return Optional.empty();
        }
        members.remove(from.peerId());
        return Optional.of(known);
    }

    /** When the next peer times out if nothing is heard from it; {@link Long#MAX_VALUE} when none is known. */
    public long nextDeadline() {
        long next = Long.MAX_VALUE;
        for (Member member : members.values()) {
            next = Math.min(next, member.lastHeard() + timeout);
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
