package io.iwant.daemon.election;

import io.iwant.protocol.discovery.Beacon;
import io.iwant.protocol.discovery.PeerStamp;
import io.iwant.protocol.discovery.Ping;
import io.iwant.protocol.discovery.Pong;
import io.iwant.protocol.discovery.Victory;
import io.iwant.protocol.wire.Limits;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * The election of one peer, as a pure state machine: {@link #handle} takes one {@link Event} and returns the
 * {@link Action}s to carry out; it reads no clock, opens no socket and starts no thread, so a simulated network can
 * drive any number of peers deterministically. Not thread-safe: one thread feeds it.
 *
 * <p>The rules (bully style: the oldest live peer leads) are in this package's {@code package-info}.
 */
public final class Election {
    private final Timings timings;
    private final Random random;
    private final String selfId;
    private final long incarnation;
    private final int tcpPort;
    private final long startedAt;
    private final Candidates candidates;
    /** While electing: the better candidates whose victory this peer waits for. */
    private final Set<String> awaited = new TreeSet<>();
    private final Standing standing;

    private long deadline;
    private long lastNow;
    private long nextBeaconAt;
    private long nextPingAt;
    private long lastLeaderContact;
    private long nonce;
    private long firstNonce;
    private long lastVictoryAt;
    private Leader reported;

    /**
     * A peer that starts now.
     *
     * @param tcpPort the port of this peer's peer socket, advertised in its beacons
     * @param now     the current time on this peer's monotonic clock, in ms
     * @param random  the source of the incarnation, the session secrets and the beacon jitter
     */
    public Election(Timings timings, String selfId, int tcpPort, long now, Random random) {
        this.timings = Objects.requireNonNull(timings, "timings");
        this.random = Objects.requireNonNull(random, "random");
        PeerStamp.checkPeerId(selfId, "peer id");
        this.selfId = selfId;
        this.tcpPort = tcpPort;
        this.incarnation = random.nextLong();
        this.startedAt = now;
        this.lastNow = now;
        this.nextBeaconAt = now;
        this.deadline = now + timings.discoveryWait();
        this.lastVictoryAt = now - timings.reannounceInterval();
        this.candidates = new Candidates(selfId, incarnation, now, timings.ageMargin(), timings.establishMillis());
        this.standing = new Standing(selfId);
    }

    /** The transition function: applies one event and returns what to do, in order. */
    public List<Action> handle(Event event) {
        long now = event.now();
        if (now < lastNow) {
            throw new IllegalArgumentException("time went backwards: " + now + " after " + lastNow);
        }
        lastNow = now;
        List<Action> out = new ArrayList<>(2);
        if (event instanceof Event.BeaconReceived e) {
            if (admit(e.beacon().from(), now, out)) {
                onBeacon(e.beacon(), now, out);
            }
        } else if (event instanceof Event.VictoryReceived e) {
            if (admit(e.victory().from(), now, out)) {
                onLeadership(e.victory().from(), e.victory().term(), e.victory().secret(), now, out);
            }
        } else if (event instanceof Event.PingReceived e) {
            if (admit(e.ping().from(), now, out)) {
                out.add(new Action.AnswerPing(e.ping().from().peerId(), standing.pong(stamp(now), e.ping().nonce())));
            }
        } else if (event instanceof Event.PongReceived e) {
            if (admit(e.pong().from(), now, out)) {
                onPong(e.pong(), now, out);
            }
        } else if (event instanceof Event.PeerGone e) {
            onGone(e.peerId(), now, out);
        }
        runTimers(now, out);
        reportLeader(out);
        return out;
    }

    /** When {@link #handle} wants the next {@link Event.Tick} at the latest. */
    public long nextDeadline() {
        long next = nextBeaconAt;
        switch (standing.state()) {
            case DISCOVERING, ELECTING -> next = Math.min(next, deadline);
            case JOINING -> next = Math.min(next, Math.min(deadline, nextPingAt));
            case FOLLOWING -> next = Math.min(next, Math.min(nextPingAt, lastLeaderContact + timings.pingTimeout()));
            case LEADING -> { }
        }
        return next;
    }

    public State state() {
        return standing.state();
    }

    /** The leader this peer follows or is; empty while it has none (also while still joining one). */
    public Optional<Leader> leader() {
        return standing.leader();
    }

    /** The highest term this peer has seen. */
    public long term() {
        return standing.term();
    }

    public long incarnation() {
        return incarnation;
    }

    /**
     * The answer to a ping of a peer the election does not hear of yet (one that has still to prove that it can be
     * reached); changes nothing. The election answers the pings of the peers it hears of itself
     * ({@link Action.AnswerPing}).
     */
    public Pong answer(Ping ping, long now) {
        return standing.pong(stamp(now), ping.nonce());
    }

    /** The stamp this peer puts on its messages at {@code now}. */
    public PeerStamp stamp(long now) {
        return new PeerStamp(selfId, incarnation, Math.max(0, now - startedAt));
    }

    private boolean admit(PeerStamp from, long now, List<Action> out) {
        String id = from.peerId();
        if (id.equals(selfId)) {
            return false;
        }
        Ages.Observation observation = candidates.observe(from, now);
        if (observation == Ages.Observation.RESTARTED && standing.follows(id)) {
            loseLeader(now, out);
        }
        return observation != Ages.Observation.STALE;
    }

    private void onBeacon(Beacon beacon, long now, List<Action> out) {
        observeClaim(beacon.leaderId(), beacon.term(), now, out);
        if (standing.is(State.LEADING)
                && !(beacon.leaderId().equals(selfId) && beacon.term() == standing.leadership().term())) {
            reannounce(now, out);
        }
    }

    /** Someone says that {@code claimed} leads at {@code claimTerm}. */
    private void observeClaim(String claimed, long claimTerm, long now, List<Action> out) {
        if (claimed.isEmpty()) {
            return;
        }
        if (claimed.equals(selfId)) {
            if (standing.is(State.LEADING) && claimTerm > standing.leadership().term()) {
                // others believe in an earlier incarnation
                claimVictory(now, Limits.nextTerm(Math.max(standing.term(), claimTerm)), out);
            } else {
                standing.see(claimTerm);
            }
            return;
        }
        if (claimTerm < standing.term()) {
            if (standing.is(State.LEADING)) {
                reannounce(now, out);
            }
            return;
        }
        if (candidates.refuted(claimed, claimTerm)) {
            return;
        }
        if (claimed.equals(standing.currentLeaderId()) && claimTerm <= standing.currentTerm()) {
            return;
        }
        if (standing.winsTieAgainst(claimed, claimTerm)) {
            if (standing.is(State.LEADING)) {
                reannounce(now, out);
            }
            return;
        }
        if (candidates.knows(claimed) && candidates.selfClearlyOlderThan(claimed)) {
            claimVictory(now, Limits.nextTerm(Math.max(standing.term(), claimTerm)), out);
            return;
        }
        if (!mayReplaceLeadership(claimed, now)) {
            return;
        }
        join(claimed, claimTerm, now, out);
    }

    /** {@code from} says, by a victory or a pong, that it leads at {@code claimTerm} with {@code secret}. */
    private void onLeadership(PeerStamp from, long claimTerm, long secret, long now, List<Action> out) {
        String id = from.peerId();
        if (claimTerm < standing.term()) {
            if (standing.is(State.LEADING)) {
                reannounce(now, out);
            }
            return;
        }
        if (candidates.wasDeposed(id, claimTerm)) {
            return;
        }
        candidates.reachable(id);
        if (standing.winsTieAgainst(id, claimTerm)) {
            if (standing.is(State.LEADING)) {
                reannounce(now, out);
            }
            return;
        }
        if (standing.followsLeader(id) && claimTerm == standing.leadership().term()
                && secret == standing.leadership().secret()) {
            lastLeaderContact = now;
            return;
        }
        if (candidates.selfClearlyOlderThan(id)) {
            claimVictory(now, Limits.nextTerm(Math.max(standing.term(), claimTerm)), out);
            return;
        }
        if (!mayReplaceLeadership(id, now)) {
            return;
        }
        follow(new Leader(id, from.incarnation(), claimTerm, secret), now);
    }

    /**
     * Whether a claim that {@code claimed} leads may replace the leadership this peer holds or follows: only once
     * the claimant has been known for the establish time (always, while there is no leadership to replace).
     */
    private boolean mayReplaceLeadership(String claimed, long now) {
        return !(standing.is(State.LEADING) || standing.is(State.FOLLOWING)) || candidates.established(claimed, now);
    }

    private void onPong(Pong pong, long now, List<Action> out) {
        String id = pong.from().peerId();
        boolean fromLeader = standing.followsLeader(id);
        boolean fromCandidate = standing.joins(id);
        if (pong.nonce() < firstNonce || !(fromLeader || fromCandidate)) {
            return; // answers an earlier ping, or a peer this one no longer asks
        }
        long believedTerm = standing.currentTerm();
        if (pong.leading()) {
            if (fromLeader && pong.term() == believedTerm && pong.secret() == standing.leadership().secret()) {
                lastLeaderContact = now;
                return;
            }
            if (pong.term() > believedTerm || (fromCandidate && pong.term() == believedTerm)) {
                onLeadership(pong.from(), pong.term(), pong.secret(), now, out);
                return;
            }
        }
        // It does not lead (any more), or leads with another secret: it stepped down or restarted.
        candidates.deposed(id, believedTerm);
        dropLeader(now);
        observeClaim(pong.leaderId(), pong.term(), now, out);
        if (standing.is(State.ELECTING)) {
            evaluate(now, out);
        }
    }

    private void onGone(String id, long now, List<Action> out) {
        candidates.forget(id);
        if (standing.follows(id)) {
            loseLeader(now, out);
        } else if (standing.is(State.ELECTING)) {
            evaluate(now, out);
        }
    }

    private void runTimers(long now, List<Action> out) {
        switch (standing.state()) {
            case DISCOVERING -> {
                if (now >= deadline) {
                    dropLeader(now);
                    evaluate(now, out);
                }
            }
            case ELECTING -> {
                if (now >= deadline) {
                    for (String id : awaited) {
                        candidates.unreachable(id, standing.term());
                    }
                    deadline = now + timings.electionTimeout();
                    evaluate(now, out);
                }
            }
            case JOINING -> {
                if (now >= deadline) {
                    candidates.unreachable(standing.candidate(), standing.currentTerm());
                    loseLeader(now, out);
                } else if (now >= nextPingAt) {
                    ping(now, out);
                }
            }
            case FOLLOWING -> {
                if (now - lastLeaderContact >= timings.pingTimeout()) {
                    candidates.unreachable(standing.leadership().peerId(), standing.leadership().term());
                    loseLeader(now, out);
                } else if (now >= nextPingAt) {
                    ping(now, out);
                }
            }
            case LEADING -> { }
        }
        if (now >= nextBeaconAt) {
            out.add(new Action.SendBeacon(standing.beacon(stamp(now), tcpPort)));
            nextBeaconAt = now + timings.beaconDelay(random);
        }
    }

    /** No leader any more; an election starts, with this peer as candidate if no live peer is older. */
    private void loseLeader(long now, List<Action> out) {
        dropLeader(now);
        evaluate(now, out);
    }

    private void dropLeader(long now) {
        standing.elect();
        deadline = now + timings.electionTimeout();
    }

    /** While electing: claim victory if no reachable peer beats this one, else wait for those that do. */
    private void evaluate(long now, List<Action> out) {
        awaited.clear();
        awaited.addAll(candidates.better());
        if (awaited.isEmpty()) {
            claimVictory(now, Limits.nextTerm(standing.term()), out);
        }
    }

    /** Everything that can throw is built before anything changes, so a refused term leaves the state as it was. */
    private void claimVictory(long now, long newTerm, List<Action> out) {
        long secret = random.nextLong();
        Leader held = new Leader(selfId, incarnation, newTerm, secret == 0 ? 1 : secret);
        Victory victory = new Victory(stamp(now), newTerm, held.secret());
        standing.lead(held);
        awaited.clear();
        candidates.forgetBefore(newTerm);
        lastVictoryAt = now;
        out.add(new Action.AnnounceVictory(victory));
    }

    private void reannounce(long now, List<Action> out) {
        if (now - lastVictoryAt >= timings.reannounceInterval()) {
            lastVictoryAt = now;
            Leader held = standing.leadership();
            out.add(new Action.AnnounceVictory(new Victory(stamp(now), held.term(), held.secret())));
        }
    }

    private void follow(Leader newLeader, long now) {
        standing.follow(newLeader);
        awaited.clear();
        candidates.forgetBefore(newLeader.term());
        lastLeaderContact = now;
        nextPingAt = now + timings.pingInterval();
        firstNonce = nonce + 1;
    }

    private void join(String claimed, long claimTerm, long now, List<Action> out) {
        standing.join(claimed, claimTerm);
        awaited.clear();
        deadline = now + timings.pingTimeout();
        firstNonce = nonce + 1;
        ping(now, out);
    }

    private void ping(long now, List<Action> out) {
        nonce++;
        nextPingAt = now + timings.pingInterval();
        out.add(new Action.PingLeader(standing.currentLeaderId(), new Ping(stamp(now), nonce)));
    }

    private void reportLeader(List<Action> out) {
        Leader current = leader().orElse(null);
        if (!Objects.equals(current, reported)) {
            reported = current;
            out.add(new Action.LeaderChanged(Optional.ofNullable(current)));
        }
    }
}
