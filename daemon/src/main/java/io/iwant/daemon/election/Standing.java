package io.iwant.daemon.election;

import io.iwant.protocol.discovery.Beacon;
import io.iwant.protocol.discovery.DiscoveryMessage;
import io.iwant.protocol.discovery.PeerStamp;
import io.iwant.protocol.discovery.Pong;

import java.util.Optional;

/**
 * Where one peer stands in the election, and what it tells the others about it: its {@link State}, the leadership
 * it holds or follows, the candidate it is joining, and the highest term it has seen. It changes only through the
 * four transitions ({@link #lead}, {@link #follow}, {@link #join}, {@link #elect}), each of which leaves the fields
 * consistent with the state; {@link Election} decides when to take them.
 */
final class Standing {
    private final String selfId;
    private State state = State.DISCOVERING;
    /** The highest term seen. */
    private long term;
    /** While LEADING or FOLLOWING: the leadership held or followed. */
    private Leader leader;
    /** While JOINING: the peer said to lead, and the term it was said to lead at. */
    private String candidate;
    private long candidateTerm;

    Standing(String selfId) {
        this.selfId = selfId;
    }

    State state() {
        return state;
    }

    boolean is(State wanted) {
        return state == wanted;
    }

    long term() {
        return term;
    }

    /** Someone spoke of {@code seen}: the highest term seen is at least that. */
    void see(long seen) {
        term = Math.max(term, seen);
    }

    /** The leadership held or followed; empty in every other state (also while joining). */
    Optional<Leader> leader() {
        return Optional.ofNullable(state == State.LEADING || state == State.FOLLOWING ? leader : null);
    }

    /** The leadership held or followed, while LEADING or FOLLOWING. */
    Leader leadership() {
        if (state != State.LEADING && state != State.FOLLOWING) {
            throw new IllegalStateException("no leadership while " + state);
        }
        return leader;
    }

    /** While JOINING: the peer said to lead. */
    String candidate() {
        return candidate;
    }

    /** Whether this peer follows {@code id} as its leader (not while still joining it). */
    boolean followsLeader(String id) {
        return state == State.FOLLOWING && id.equals(leader.peerId());
    }

    /** Whether this peer is joining {@code id}. */
    boolean joins(String id) {
        return state == State.JOINING && id.equals(candidate);
    }

    /** Whether this peer follows or is joining {@code id}. */
    boolean follows(String id) {
        return followsLeader(id) || joins(id);
    }

    /** The peer this one leads as, follows or is joining; null while discovering or electing. */
    String currentLeaderId() {
        return switch (state) {
            case LEADING, FOLLOWING -> leader.peerId();
            case JOINING -> candidate;
            default -> null;
        };
    }

    /** The term of the leadership held, followed or being joined. */
    long currentTerm() {
        return state == State.JOINING ? candidateTerm : leader.term();
    }

    /**
     * Whether the leadership held, followed or being joined beats a claim that another peer, {@code claimed}, leads
     * at the same term: between two claims of the same term the smaller peer id wins, so every peer decides alike.
     */
    boolean winsTieAgainst(String claimed, long claimTerm) {
        String current = currentLeaderId();
        return current != null && !claimed.equals(current) && claimTerm == currentTerm()
                && claimed.compareTo(current) > 0;
    }

    /** This peer leads from now on, at a term above every term seen. */
    void lead(Leader held) {
        term = held.term();
        leader = held;
        state = State.LEADING;
        candidate = null;
    }

    void follow(Leader followed) {
        leader = followed;
        state = State.FOLLOWING;
        candidate = null;
        see(followed.term());
    }

    /** Heard that {@code claimed} leads at {@code claimTerm}: asks it before following it. */
    void join(String claimed, long claimTerm) {
        leader = null;
        state = State.JOINING;
        candidate = claimed;
        candidateTerm = claimTerm;
        see(claimTerm);
    }

    /** No leader any more. */
    void elect() {
        leader = null;
        candidate = null;
        state = State.ELECTING;
    }

    /** The beacon that says whom this peer follows. */
    Beacon beacon(PeerStamp stamp, int tcpPort) {
        return switch (state) {
            case LEADING -> new Beacon(stamp, tcpPort, selfId, leader.term());
            case FOLLOWING -> new Beacon(stamp, tcpPort, leader.peerId(), leader.term());
            default -> new Beacon(stamp, tcpPort, DiscoveryMessage.NO_LEADER, term);
        };
    }

    /** The answer to a ping: a leader gives its term and secret, a follower names its leader. */
    Pong pong(PeerStamp stamp, long pingNonce) {
        return switch (state) {
            case LEADING -> new Pong(stamp, pingNonce, selfId, leader.term(), leader.secret());
            case FOLLOWING -> new Pong(stamp, pingNonce, leader.peerId(), leader.term(), 0);
            default -> new Pong(stamp, pingNonce, DiscoveryMessage.NO_LEADER, term, 0);
        };
    }
}
