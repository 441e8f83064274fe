package io.iwant.daemon.discovery;

import io.iwant.protocol.discovery.PeerStamp;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MembershipTest {
    private static final InetSocketAddress FROM = new InetSocketAddress("127.0.0.1", 40_000);
    private static final InetSocketAddress ELSEWHERE = new InetSocketAddress("127.0.0.9", 40_000);
    private static final long PING_INTERVAL = 250;
    private static final long PING_TIMEOUT = 1_000;
    private final Membership membership = new Membership("me", 3_000, 2);

    private void admit(PeerStamp peer, long now) {
        membership.admit(peer, FROM, 7378, now - peer.uptimeMillis(), now);
    }

    @Test
    void a_proven_peer_joins_and_its_start_is_its_earliest_estimate() {
        var change = membership.admit(new PeerStamp("a", 1, 5_000), FROM, 7378, 95_000, 100_000);
        assertInstanceOf(Membership.Change.Joined.class, change.orElseThrow());
        assertTrue(membership.heard(new PeerStamp("a", 1, 5_400), FROM, -1, 100_420));
        Membership.Member a = membership.get("a").orElseThrow();
        assertEquals(95_000, a.start(), "the 20 ms later estimate does not move the start");
        assertEquals(7378, a.tcpPort(), "a message other than a beacon keeps the known port");
        assertEquals(new InetSocketAddress("127.0.0.1", 7378), a.tcpEndpoint().orElseThrow());
    }

    @Test
    void a_members_id_and_incarnation_from_another_address_changes_nothing() {
        admit(new PeerStamp("a", 1, 5_000), 100_000);

        assertFalse(membership.heard(new PeerStamp("a", 1, 900_000), ELSEWHERE, 9, 2_000_000));

        Membership.Member a = membership.get("a").orElseThrow();
        assertEquals(FROM, a.source());
        assertEquals(7378, a.tcpPort());
        assertEquals(95_000, a.start());
        assertEquals(100_000, a.lastHeard(), "no liveness either");
        assertEquals(List.of("a"), membership.expire(103_000).stream().map(Membership.Member::peerId).toList());
    }

    @Test
    void a_peer_silent_for_the_timeout_leaves() {
        admit(new PeerStamp("a", 1, 0), 0);
        admit(new PeerStamp("b", 1, 0), 1_000);
        assertEquals(3_000, membership.nextDeadline());
        assertEquals(List.of(), membership.expire(2_999));
        assertEquals(List.of("a"), membership.expire(3_000).stream().map(Membership.Member::peerId).toList());
    }

    @Test
    void a_good_bye_is_checked_and_removes_the_peer_only_if_it_stays_silent() {
        admit(new PeerStamp("a", 1, 0), 0);
        admit(new PeerStamp("b", 1, 0), 0);
        assertFalse(membership.checkGoodBye(new PeerStamp("b", 2, 0), FROM, 10, PING_INTERVAL, PING_TIMEOUT),
                "another incarnation's good-bye");
        assertFalse(membership.checkGoodBye(new PeerStamp("b", 1, 10), ELSEWHERE, 10, PING_INTERVAL, PING_TIMEOUT),
                "a good-bye from another address");
        assertTrue(membership.checkGoodBye(new PeerStamp("a", 1, 10), FROM, 10, PING_INTERVAL, PING_TIMEOUT));
        assertTrue(membership.checkGoodBye(new PeerStamp("b", 1, 10), FROM, 10, PING_INTERVAL, PING_TIMEOUT));
        assertEquals(2, membership.dueChecks(10).size(), "both are pinged at once");
        assertEquals(0, membership.dueChecks(11).size());
        assertEquals(2, membership.dueChecks(10 + PING_INTERVAL).size(), "and again every ping interval");

        assertTrue(membership.heard(new PeerStamp("b", 1, 500), FROM, -1, 500), "b still speaks");

        assertEquals(List.of(), membership.expire(10 + PING_TIMEOUT - 1));
        assertEquals(List.of("a"), membership.expire(10 + PING_TIMEOUT).stream().map(Membership.Member::peerId)
                .toList());
        assertTrue(membership.get("b").isPresent());
    }

    @Test
    void a_proven_new_incarnation_replaces_the_old_and_late_datagrams_of_the_old_one_are_stale() {
        admit(new PeerStamp("a", 1, 60_000), 100_000);
        assertFalse(membership.stale(new PeerStamp("a", 1, 60_400), 100_510), "the member itself");
        assertFalse(membership.stale(new PeerStamp("a", 2, 100), 100_500), "a later start: a restart");
        assertTrue(membership.stale(new PeerStamp("a", 0, 70_000), 100_500), "an earlier start: a late datagram");

        var restart = membership.admit(new PeerStamp("a", 2, 100), FROM, 1, 100_400, 100_500);
        assertInstanceOf(Membership.Change.Restarted.class, restart.orElseThrow());
        assertFalse(membership.heard(new PeerStamp("a", 1, 60_400), FROM, 1, 100_510));
        assertEquals(2, membership.get("a").orElseThrow().incarnation());
    }

    @Test
    void its_own_id_and_peers_beyond_capacity_are_not_admitted() {
        assertEquals(Optional.empty(), membership.admit(new PeerStamp("me", 1, 0), FROM, 1, 0, 0));
        admit(new PeerStamp("a", 1, 0), 0);
        admit(new PeerStamp("b", 1, 0), 0);
        assertEquals(Optional.empty(), membership.admit(new PeerStamp("c", 1, 0), FROM, 1, 0, 0));
        assertEquals(2, membership.members().size());
        assertTrue(membership.tracks(new PeerStamp("a", 1, 5)));
        assertFalse(membership.tracks(new PeerStamp("c", 1, 5)), "not passed on to the election");
        assertFalse(membership.tracks(new PeerStamp("a", 7, 5)), "another incarnation");
    }
}
