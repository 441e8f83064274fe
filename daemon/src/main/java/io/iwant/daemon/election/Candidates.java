package io.iwant.daemon.election;

import io.iwant.protocol.discovery.PeerStamp;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Who could lead, as one peer sees it: every known peer's age ({@link Ages}), how ages compare, and which peers
 * are out of the running for now: those that stopped answering (not candidates, their claims ignored up to the term
 * at which they fell silent) and those that said they do not lead after all (their claims ignored up to that term).
 */
final class Candidates {
    private final String selfId;
    private final long selfIncarnation;
    private final long selfStart;
    private final long ageMargin;
    private final long establishMillis;
    private final Ages ages = new Ages();
    private final Map<String, Long> unreachable = new TreeMap<>();
    private final Map<String, Long> deposed = new TreeMap<>();

    Candidates(String selfId, long selfIncarnation, long selfStart, long ageMargin, long establishMillis) {
        this.selfId = selfId;
        this.selfIncarnation = selfIncarnation;
        this.selfStart = selfStart;
        this.ageMargin = ageMargin;
        this.establishMillis = establishMillis;
    }

    /** Learns from a message of {@code from}; a restarted peer starts with a clean slate. */
    Ages.Observation observe(PeerStamp from, long now) {
        Ages.Observation observation = ages.observe(from, now);
        if (observation == Ages.Observation.RESTARTED) {
            unreachable.remove(from.peerId());
            deposed.remove(from.peerId());
        }
        return observation;
    }

    void forget(String id) {
        ages.forget(id);
        unreachable.remove(id);
        deposed.remove(id);
    }

    boolean knows(String id) {
        return ages.knows(id);
    }

    /** Whether {@code id} has been known, in its current incarnation, for the establish time at {@code now}. */
    boolean established(String id, long now) {
        return ages.knows(id) && now - ages.firstHeard(id) >= establishMillis;
    }

    /** {@code id} stopped answering at {@code term}. */
    void unreachable(String id, long term) {
        unreachable.merge(id, term, Math::max);
    }

    /** {@code id} answered, so it is reachable again. */
    void reachable(String id) {
        unreachable.remove(id);
    }

    /** {@code id}, said to lead at {@code term}, answered that it does not. */
    void deposed(String id, long term) {
        deposed.merge(id, term, Math::max);
    }

    /** Whether a claim that {@code id} leads at {@code term} is known to be out of date. */
    boolean refuted(String id, long term) {
        return term <= unreachable.getOrDefault(id, -1L) || wasDeposed(id, term);
    }

    boolean wasDeposed(String id, long term) {
        return term <= deposed.getOrDefault(id, -1L);
    }

    /** Forgets suspicions from before a new leadership of {@code term}: older claims lose on their term anyway. */
    void forgetBefore(long term) {
        unreachable.values().removeIf(t -> t < term);
        deposed.values().removeIf(t -> t < term);
    }

    /** The reachable peers that would make a better leader than this one. */
    Set<String> better() {
        Set<String> better = new TreeSet<>();
        for (String id : ages.ids()) {
            if (!unreachable.containsKey(id) && beats(id, selfId)) {
                better.add(id);
            }
        }
        return better;
    }

    /** Whether this peer started more than the age margin before {@code id} (a known peer). */
    boolean selfClearlyOlderThan(String id) {
        return clearlyOlder(selfId, id);
    }

    private boolean clearlyOlder(String a, String b) {
        return startOf(a) < startOf(b) - ageMargin;
    }

    /** Whether {@code a} is the better candidate: clearly older, or as old and ahead in the random tiebreak. */
    private boolean beats(String a, String b) {
        if (clearlyOlder(a, b)) {
            return true;
        }
        if (clearlyOlder(b, a)) {
            return false;
        }
        long ia = incarnationOf(a);
        long ib = incarnationOf(b);
        return ia != ib ? ia < ib : a.compareTo(b) < 0;
    }

    private long startOf(String id) {
        return id.equals(selfId) ? selfStart : ages.start(id);
    }

    private long incarnationOf(String id) {
        return id.equals(selfId) ? selfIncarnation : ages.incarnation(id);
    }
}
