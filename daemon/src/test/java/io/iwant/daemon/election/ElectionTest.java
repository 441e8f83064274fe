package io.iwant.daemon.election;

import io.iwant.protocol.discovery.Beacon;
import io.iwant.protocol.discovery.DiscoveryMessage;
import io.iwant.protocol.discovery.PeerStamp;
import io.iwant.protocol.discovery.Ping;
import io.iwant.protocol.discovery.Pong;
import io.iwant.protocol.discovery.Victory;
import io.iwant.protocol.wire.Limits;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The election rules one by one; {@link ElectionSimulationTest} checks them together under chaos. */
class ElectionTest {
    private static final Timings T = Timings.DEFAULT;
    /** The monotonic clocks of the two peers in these tests have nothing in common. */
    private static final long A_CLOCK = -7_000_000_000L;
    private static final long B_CLOCK = 123_456_789_000L;

    private static Election peer(String id, long now, long seed) {
        return new Election(T, id, 7378, now, new Random(seed));
    }

    private static <A extends Action> List<A> actions(List<Action> actions, Class<A> type) {
        return actions.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private static <A extends Action> A only(List<Action> actions, Class<A> type) {
        List<A> found = actions(actions, type);
        assertEquals(1, found.size(), "one " + type.getSimpleName() + " in " + actions);
        return found.get(0);
    }

    /** A peer alone leads once its discovery wait is over; returns its victory. */
    private static Victory leadAlone(Election election, long start) {
        election.handle(new Event.Tick(start));
        return only(election.handle(new Event.Tick(start + T.discoveryWait())), Action.AnnounceVictory.class).victory();
    }

    @Test
    void a_lone_peer_beacons_at_once_and_leads_after_the_discovery_wait() {
        Election a = peer("a", A_CLOCK, 1);
        List<Action> first = a.handle(new Event.Tick(A_CLOCK));
        Beacon beacon = only(first, Action.SendBeacon.class).beacon();
        assertEquals(DiscoveryMessage.NO_LEADER, beacon.leaderId());
        assertEquals(0, beacon.from().uptimeMillis());
        a.handle(new Event.Tick(A_CLOCK + T.discoveryWait() - 1));
        assertEquals(State.DISCOVERING, a.state());

        List<Action> decided = a.handle(new Event.Tick(A_CLOCK + T.discoveryWait()));
        Victory victory = only(decided, Action.AnnounceVictory.class).victory();
        assertEquals(1, victory.term());
        assertEquals(State.LEADING, a.state());
        assertEquals(Optional.of(new Leader("a", a.incarnation(), 1, victory.secret())),
                only(decided, Action.LeaderChanged.class).leader());
        assertTrue(a.nextDeadline() <= A_CLOCK + T.discoveryWait() + T.beaconInterval() + T.beaconJitter());
    }

    @Test
    void a_newcomer_asks_the_leader_it_hears_about_and_follows_it_with_its_secret() {
        Election a = peer("a", A_CLOCK, 1);
        Victory victory = leadAlone(a, A_CLOCK);
        long aNow = A_CLOCK + 5_000;
        Beacon aBeacon = new Beacon(a.stamp(aNow), 7378, "a", 1);

        Election b = peer("b", B_CLOCK, 2);
        b.handle(new Event.Tick(B_CLOCK));
        Ping ping = only(b.handle(new Event.BeaconReceived(B_CLOCK + 10, aBeacon)), Action.PingLeader.class).ping();
        assertEquals(State.JOINING, b.state());
        assertEquals(Optional.empty(), b.leader());

        Action.AnswerPing answer = only(a.handle(new Event.PingReceived(aNow + 1, ping)), Action.AnswerPing.class);
        assertEquals("b", answer.peerId());
        assertEquals(victory.secret(), answer.pong().secret());
        List<Action> joined = b.handle(new Event.PongReceived(B_CLOCK + 12, answer.pong()));
        assertEquals(State.FOLLOWING, b.state());
        assertEquals(Optional.of(new Leader("a", a.incarnation(), 1, victory.secret())),
                only(joined, Action.LeaderChanged.class).leader());
    }

    @Test
    void a_clearly_older_peer_takes_over_from_a_younger_leader_which_then_follows_it() {
        Election young = peer("young", B_CLOCK, 2);
        leadAlone(young, B_CLOCK);
        long youngNow = B_CLOCK + T.discoveryWait() + 10;
        Election old = peer("old", A_CLOCK, 1);
        old.handle(new Event.Tick(A_CLOCK));
        long oldNow = A_CLOCK + 60_000; // up for a minute; the young one for a second

        List<Action> challenge = old.handle(new Event.BeaconReceived(oldNow,
                new Beacon(young.stamp(youngNow), 7378, "young", 1)));
        Victory victory = only(challenge, Action.AnnounceVictory.class).victory();
        assertEquals(2, victory.term());
        assertEquals(State.LEADING, old.state());

        young.handle(new Event.VictoryReceived(youngNow + 1, victory));
        assertEquals(State.LEADING, young.state(), "the old one is not established with the young one yet");
        young.handle(new Event.VictoryReceived(youngNow + 1 + T.establishMillis(), victory));
        assertEquals(State.FOLLOWING, young.state());
        assertEquals("old", young.leader().orElseThrow().peerId());
    }

    @Test
    void a_newcomers_claim_replaces_a_leadership_only_once_it_has_been_known_for_the_establish_time() {
        Election follower = followingAt(5);
        Victory newcomer = new Victory(new PeerStamp("0", 8, 90_000_000), 6, 77);
        follower.handle(new Event.VictoryReceived(B_CLOCK + 100, newcomer));
        assertEquals("a", follower.leader().orElseThrow().peerId());
        assertEquals(5, follower.term(), "its term does not count yet either");

        follower.handle(new Event.VictoryReceived(B_CLOCK + 100 + T.establishMillis(), newcomer));
        assertEquals("0", follower.leader().orElseThrow().peerId());
        assertEquals(6, follower.term());
    }

    @Test
    void a_peer_older_only_within_the_age_margin_leaves_an_established_leader_alone() {
        Election leader = peer("leader", B_CLOCK, 2);
        Victory victory = leadAlone(leader, B_CLOCK);
        Election other = peer("other", A_CLOCK, 1);
        other.handle(new Event.Tick(A_CLOCK));
        long leaderNow = B_CLOCK + 20_000;
        long otherNow = A_CLOCK + 20_000 + T.ageMargin() - 1; // started just under the margin earlier

        List<Action> actions = other.handle(new Event.VictoryReceived(otherNow,
                new Victory(leader.stamp(leaderNow), victory.term(), victory.secret())));
        assertTrue(actions(actions, Action.AnnounceVictory.class).isEmpty());
        assertEquals(State.FOLLOWING, other.state());
        assertEquals(victory.secret(), other.leader().orElseThrow().secret());
    }

    @Test
    void a_victory_of_an_older_term_loses() {
        Election follower = followingAt(5);
        Victory stale = new Victory(new PeerStamp("z", 9, 60_000), 3, 42);
        follower.handle(new Event.VictoryReceived(B_CLOCK + 100, stale));
        assertEquals("a", follower.leader().orElseThrow().peerId());
        assertEquals(5, follower.term());
    }

    @Test
    void between_two_victories_of_one_term_the_smaller_peer_id_wins() {
        Election follower = followingAt(5);
        follower.handle(new Event.BeaconReceived(B_CLOCK + 5, new Beacon(new PeerStamp("0", 8, 60_000), 7378, "a", 5)));
        long later = B_CLOCK + 5 + T.establishMillis(); // "0" is established by then
        follower.handle(new Event.VictoryReceived(later, new Victory(new PeerStamp("a", 100, 62_005), 5, 4242)));
        follower.handle(new Event.VictoryReceived(later, new Victory(new PeerStamp("b", 9, 60_000), 5, 7)));
        assertEquals("a", follower.leader().orElseThrow().peerId(), "b loses to a at the same term");
        follower.handle(new Event.VictoryReceived(later, new Victory(new PeerStamp("0", 8, 62_000), 5, 8)));
        assertEquals("0", follower.leader().orElseThrow().peerId(), "0 wins over a at the same term");
    }

    @Test
    void a_leader_that_answers_with_another_secret_is_lost_and_a_new_election_follows() {
        Election follower = followingAt(5);
        Ping ping = pingAfterInterval(follower);
        Pong otherSecret = new Pong(new PeerStamp("a", 100, 60_300), ping.nonce(), "a", 5, 999);
        List<Action> actions = follower.handle(new Event.PongReceived(B_CLOCK + T.pingInterval() + 1, otherSecret));
        assertEquals(Optional.empty(), only(actions, Action.LeaderChanged.class).leader());
        assertFalse(follower.state() == State.FOLLOWING);
    }

    @Test
    void a_leader_that_stops_answering_is_lost_after_the_ping_timeout() {
        Election follower = followingAt(5);
        long t = B_CLOCK;
        while (follower.state() == State.FOLLOWING) {
            t = follower.nextDeadline();
            follower.handle(new Event.Tick(t));
        }
        assertEquals(B_CLOCK + T.pingTimeout(), t);
        // "a" does not answer, so it is no candidate: the follower, the only other peer, leads at the next term.
        assertEquals(State.LEADING, follower.state());
        assertEquals(6, follower.term());
    }

    @Test
    void a_leader_heard_in_a_new_incarnation_has_restarted_and_is_no_longer_followed() {
        Election follower = followingAt(5);
        Beacon reborn = new Beacon(new PeerStamp("a", 101, 50), 7378, DiscoveryMessage.NO_LEADER, 0);
        List<Action> actions = follower.handle(new Event.BeaconReceived(B_CLOCK + 100, reborn));
        // The restarted peer is younger now, so the follower is the oldest and takes over at once.
        assertEquals(State.LEADING, follower.state());
        assertEquals("b", only(actions, Action.LeaderChanged.class).leader().orElseThrow().peerId());
        assertEquals(6, only(actions, Action.AnnounceVictory.class).victory().term());
    }

    @Test
    void a_late_datagram_of_the_previous_incarnation_is_ignored() {
        Election follower = followingAt(5);
        follower.handle(new Event.BeaconReceived(B_CLOCK + 100,
                new Beacon(new PeerStamp("a", 101, 50), 7378, DiscoveryMessage.NO_LEADER, 0)));
        long term = follower.term();
        List<Action> late = follower.handle(new Event.VictoryReceived(B_CLOCK + 120,
                new Victory(new PeerStamp("a", 100, 60_050), 9, 4242)));
        assertTrue(actions(late, Action.LeaderChanged.class).isEmpty());
        assertEquals(State.LEADING, follower.state());
        assertEquals(term, follower.term());
    }

    @Test
    void a_claim_at_the_highest_term_saturates_instead_of_overflowing() {
        Election old = peer("old", A_CLOCK, 1);
        leadAlone(old, A_CLOCK);
        long oldNow = A_CLOCK + 60_000;
        Beacon atMax = new Beacon(new PeerStamp("young", 9, 1_000), 7378, "young", Limits.MAX_TERM);

        List<Action> challenge = old.handle(new Event.BeaconReceived(oldNow, atMax));

        assertEquals(Limits.MAX_TERM, only(challenge, Action.AnnounceVictory.class).victory().term());
        assertEquals(State.LEADING, old.state());
        assertEquals(Limits.MAX_TERM, old.term());
        List<Action> later = old.handle(new Event.Tick(old.nextDeadline()));
        assertEquals(Limits.MAX_TERM, only(later, Action.SendBeacon.class).beacon().term(), "beacons still build");
    }

    @Test
    void time_never_goes_backwards() {
        Election a = peer("a", 1_000, 1);
        assertThrows(IllegalArgumentException.class, () -> a.handle(new Event.Tick(999)));
    }

    /** Peer "b", just started, following "a" (up for a minute, incarnation 100) at {@code term} with secret 4242. */
    private static Election followingAt(long term) {
        Election b = peer("b", B_CLOCK, 2);
        b.handle(new Event.VictoryReceived(B_CLOCK, new Victory(new PeerStamp("a", 100, 60_000), term, 4242)));
        assertEquals(State.FOLLOWING, b.state());
        return b;
    }

    private static Ping pingAfterInterval(Election follower) {
        return only(follower.handle(new Event.Tick(B_CLOCK + T.pingInterval())), Action.PingLeader.class).ping();
    }
}
