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
    private final Membership membership = new Membership("me", 3_000, 2);

    @Test
    void a_new_peer_joins_and_its_start_is_its_earliest_estimate() {
        var change = membership.heard(new PeerStamp("a", 1, 5_000), FROM, 7378, 100_000);
        assertInstanceOf(Membership.Change.Joined.class, change.orElseThrow());
        assertEquals(Optional.empty(), membership.heard(new PeerStamp("a", 1, 5_400), FROM, -1, 100_420));
        Membership.Member a = membership.get("a").orElseThrow();
        assertEquals(95_000, a.start(), "the 20 ms later estimate does not move the start");
        assertEquals(7378, a.tcpPort(), "a message other than a beacon keeps the known port");
        assertEquals(new InetSocketAddress("127.0.0.1", 7378), a.tcpEndpoint().orElseThrow());
    }

    @Test
    void a_peer_silent_for_the_timeout_leaves_and_a_good_bye_removes_it_at_once() {
        membership.heard(new PeerStamp("a", 1, 0), FROM, 1, 0);
        membership.heard(new PeerStamp("b", 1, 0), FROM, 1, 1_000);
        assertEquals(3_000, membership.nextDeadline());
        assertEquals(List.of(), membership.expire(2_999));
        assertEquals(List.of("a"), membership.expire(3_000).stream().map(Membership.Member::peerId).toList());
        assertEquals(Optional.empty(), membership.leave(new PeerStamp("b", 2, 0)), "another incarnation's good-bye");
        assertTrue(membership.leave(new PeerStamp("b", 1, 10)).isPresent());
        assertEquals(Long.MAX_VALUE, membership.nextDeadline());
    }

    @Test
    void a_restart_replaces_the_peer_and_late_datagrams_of_the_old_incarnation_are_ignored() {
        membership.heard(new PeerStamp("a", 1, 60_000), FROM, 1, 100_000);
        var restart = membership.heard(new PeerStamp("a", 2, 100), FROM, 1, 100_500);
        assertInstanceOf(Membership.Change.Restarted.class, restart.orElseThrow());
        assertEquals(Optional.empty(), membership.heard(new PeerStamp("a", 1, 60_400), FROM, 1, 100_510));
        assertEquals(2, membership.get("a").orElseThrow().incarnation());
    }

    @Test
    void its_own_echo_and_peers_beyond_capacity_are_not_members() {
        assertEquals(Optional.empty(), membership.heard(new PeerStamp("me", 1, 0), FROM, 1, 0));
        membership.heard(new PeerStamp("a", 1, 0), FROM, 1, 0);
        membership.heard(new PeerStamp("b", 1, 0), FROM, 1, 0);
        assertEquals(Optional.empty(), membership.heard(new PeerStamp("c", 1, 0), FROM, 1, 0));
        assertEquals(2, membership.members().size());
        assertTrue(membership.tracks(new PeerStamp("a", 1, 5)));
        assertFalse(membership.tracks(new PeerStamp("c", 1, 5)), "not passed on to the election");
        assertFalse(membership.tracks(new PeerStamp("a", 7, 5)), "another incarnation");
    }
}
