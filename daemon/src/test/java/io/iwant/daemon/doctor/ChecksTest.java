package io.iwant.daemon.doctor;

import io.iwant.daemon.discovery.Hearing;
import io.iwant.daemon.discovery.Peer;
import io.iwant.daemon.discovery.Refusal;
import io.iwant.protocol.control.ControlReply.Check;
import io.iwant.protocol.control.ControlReply.CheckStatus;
import io.iwant.protocol.peer.PeerMessage;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each check of {@code iwanto doctor}, judged from facts made up here: the cause it names and its status. */
class ChecksTest {
    private static final InetSocketAddress GROUP = new InetSocketAddress(ip("239.255.77.77"), 7377);
    private static final String VERSION = "0.1.0";

    /** Facts of a peer up for 20 s on iw0, open network, port 7378; each test changes what it is about. */
    private static final class Given {
        long uptime = 20_000;
        long ownMulticastAgo = 300;
        final Map<InetAddress, Long> multicastAgo = new LinkedHashMap<>();
        final Map<InetAddress, Long> heardAgo = new LinkedHashMap<>();
        final Map<InetAddress, Integer> formats = new LinkedHashMap<>();
        final List<Peer> others = new ArrayList<>();
        final List<InetSocketAddress> staticPeers = new ArrayList<>();
        final List<Refusal> refusals = new ArrayList<>();
        final List<Facts.Asked> asked = new ArrayList<>();
        int configuredPort = 7378;
        String fingerprint;

        Given member(int host) {
            others.add(new Peer("peer-" + host, ip("10.77.0." + host), 7378, 10_000, false, false));
            heardAgo.put(ip("10.77.0." + host), 200L);
            return this;
        }

        Given multicastFrom(int host) {
            multicastAgo.put(ip("10.77.0." + host), 400L);
            return this;
        }

        Given asked(int host, PeerMessage reply) {
            asked.add(new Facts.Asked("peer-" + host, "10.77.0." + host + ":7378", reply));
            return this;
        }

        Facts facts() {
            return new Facts(Check.ok("interface", "Discovery runs on iw0."), "iw0", uptime, GROUP, 7378,
                    configuredPort, fingerprint, others, new Hearing.Snapshot(ownMulticastAgo, multicastAgo, heardAgo,
                    formats), staticPeers, refusals, asked);
        }
    }

    private static PeerMessage reached() {
        return new PeerMessage.ConnectedBack(true, "", PeerMessage.PROTOCOL, VERSION);
    }

    private static PeerMessage notReached() {
        return new PeerMessage.ConnectedBack(false, "nothing answered at 10.77.0.1:7378 within 2000 ms",
                PeerMessage.PROTOCOL, VERSION);
    }

    @Test
    void a_healthy_network_passes_every_check() {
        Given g = new Given().member(2).multicastFrom(2).asked(2, reached());
        List<Check> checks = Checks.all(g.facts());
        for (Check check : checks) {
            assertEquals(CheckStatus.OK, check.status(), check.toString());
        }
        assertEquals(List.of("interface", "multicast-self", "multicast-others", "peer-port", "peers-port",
                "firewall", "static-peers", "version", "network-key"), checks.stream().map(Check::name).toList());
    }

    @Test
    void a_peer_that_stops_hearing_its_own_multicast_is_told_the_interface_does_not_carry_it() {
        Given g = new Given();
        g.ownMulticastAgo = -1;
        Check check = Checks.ownMulticast(g.facts());
        assertEquals(CheckStatus.FAIL, check.status());
        assertTrue(check.sentence().contains("does not hear its own multicast on iw0"), check.sentence());
        assertTrue(check.fix().contains("--interface"), check.fix());
    }

    @Test
    void silence_right_after_the_start_is_too_early_to_judge() {
        Given g = new Given();
        g.uptime = 1_000;
        g.ownMulticastAgo = -1;
        assertEquals(CheckStatus.WARN, Checks.ownMulticast(g.facts()).status());
        assertEquals(CheckStatus.WARN, Checks.othersMulticast(g.facts()).status());
    }

    @Test
    void members_found_by_unicast_whose_multicast_never_arrives_mean_the_network_drops_multicast() {
        Given g = new Given().member(2).member(3);
        Check check = Checks.othersMulticast(g.facts());
        assertEquals(CheckStatus.FAIL, check.status());
        assertTrue(check.sentence().contains("the network between drops multicast"), check.sentence());
        assertTrue(check.sentence().contains("peer-2 (10.77.0.2)"), check.sentence());
        assertTrue(check.fix().contains("--peers HOST:7377"), check.fix());
    }

    @Test
    void multicast_from_some_members_but_not_others_names_those_it_misses() {
        Given g = new Given().member(2).member(3).multicastFrom(2);
        Check check = Checks.othersMulticast(g.facts());
        assertEquals(CheckStatus.WARN, check.status());
        assertTrue(check.sentence().contains("but not from peer-3 (10.77.0.3)"), check.sentence());
    }

    @Test
    void multicast_heard_long_ago_no_longer_counts() {
        Given g = new Given().member(2);
        g.multicastAgo.put(ip("10.77.0.2"), Checks.RECENT_MILLIS + 1);
        assertEquals(CheckStatus.FAIL, Checks.othersMulticast(g.facts()).status());
    }

    @Test
    void nobody_heard_at_all_is_a_warning_that_names_both_causes() {
        Check check = Checks.othersMulticast(new Given().facts());
        assertEquals(CheckStatus.WARN, check.status());
        assertTrue(check.sentence().contains("no other peer runs iwant on this network (iw0), or the network drops "
                + "multicast"), check.sentence());
    }

    @Test
    void peers_that_cannot_connect_back_mean_this_peers_port_is_blocked_here() {
        Given g = new Given().member(2).multicastFrom(2).asked(2, notReached());
        Check check = Checks.ownPort(g.facts());
        assertEquals(CheckStatus.FAIL, check.status());
        assertTrue(check.sentence().contains("peer-2 (10.77.0.2:7378) could not connect back to this peer's TCP "
                + "port 7378"), check.sentence());
        assertTrue(check.fix().contains("7378/tcp"), check.fix());
    }

    @Test
    void one_peer_that_connects_back_is_enough() {
        Given g = new Given().member(2).member(3).asked(2, notReached()).asked(3, reached());
        assertEquals(CheckStatus.OK, Checks.ownPort(g.facts()).status());
    }

    @Test
    void a_member_whose_port_does_not_answer_is_named_as_blocked_on_its_side() {
        Given g = new Given().member(2).member(3).asked(2, null).asked(3, reached());
        Check check = Checks.peersPorts(g.facts());
        assertEquals(CheckStatus.FAIL, check.status());
        assertTrue(check.sentence().contains("The peer port of peer-2 (10.77.0.2:7378) does not answer from here"),
                check.sentence());
        assertEquals("On 10.77.0.2, let TCP 7378 in (for example: sudo ufw allow 7378/tcp), or run iwanto doctor "
                + "there.", check.fix());
        assertEquals(CheckStatus.OK, Checks.ownPort(g.facts()).status());
    }

    @Test
    void with_nobody_to_ask_the_ports_are_warnings_not_failures() {
        Given g = new Given();
        assertEquals(CheckStatus.WARN, Checks.ownPort(g.facts()).status());
        assertEquals(CheckStatus.WARN, Checks.peersPorts(g.facts()).status());
    }

    @Test
    void the_firewall_check_names_both_ports_and_warns_about_a_random_port() {
        Given g = new Given();
        Check check = Checks.firewall(g.facts());
        assertEquals(CheckStatus.OK, check.status());
        assertTrue(check.sentence().contains("UDP 7377 (discovery) and TCP 7378 (peer port)"), check.sentence());
        g.configuredPort = 0;
        check = Checks.firewall(g.facts());
        assertEquals(CheckStatus.WARN, check.status());
        assertTrue(check.fix().contains("--port 7378"), check.fix());
    }

    @Test
    void a_static_peer_that_never_answered_is_named_with_its_causes() {
        Given g = new Given().member(2);
        g.staticPeers.add(new InetSocketAddress(ip("10.77.0.2"), 7377));
        g.staticPeers.add(new InetSocketAddress(ip("10.77.0.9"), 7377));
        Check check = Checks.staticPeers(g.facts());
        assertEquals(CheckStatus.FAIL, check.status());
        assertTrue(check.sentence().startsWith("Static peer 10.77.0.9:7377 never answered: iwant is not running "
                + "there"), check.sentence());
        assertTrue(check.sentence().contains("Answered: 10.77.0.2:7377."), check.sentence());
    }

    @Test
    void a_static_peer_that_sends_but_never_answers_pings_is_a_warning() {
        Given g = new Given();
        g.staticPeers.add(new InetSocketAddress(ip("10.77.0.4"), 7377));
        g.heardAgo.put(ip("10.77.0.4"), 100L);
        Check check = Checks.staticPeers(g.facts());
        assertEquals(CheckStatus.WARN, check.status());
        assertTrue(check.sentence().contains("did not answer this peer's pings"), check.sentence());
    }

    @Test
    void a_static_peer_of_another_network_points_at_the_key_check() {
        Given g = new Given();
        g.staticPeers.add(new InetSocketAddress(ip("10.77.0.4"), 7377));
        g.refusals.add(new Refusal(ip("10.77.0.4"), Refusal.Reason.PRIVATE_PEER, 12, 300));
        Check check = Checks.staticPeers(g.facts());
        assertEquals(CheckStatus.FAIL, check.status());
        assertTrue(check.sentence().contains("from another network (see network-key)"), check.sentence());
    }

    @Test
    void many_static_peers_are_listed_briefly() {
        Given g = new Given();
        for (int i = 10; i < 74; i++) {
            g.staticPeers.add(new InetSocketAddress(ip("10.77.0." + i), 7377));
        }
        Check check = Checks.staticPeers(g.facts());
        assertTrue(check.sentence().contains("and 58 more"), check.sentence());
        assertTrue(check.sentence().length() < Check.MAX_TEXT, check.sentence());
    }

    @Test
    void a_peer_of_another_private_network_is_named_with_this_peers_fingerprint() {
        Given g = new Given();
        g.fingerprint = "3f9a1c228b07";
        g.refusals.add(new Refusal(ip("10.77.0.3"), Refusal.Reason.OTHER_NETWORK, 40, 500));
        Check check = Checks.networkKey(g.facts());
        assertEquals(CheckStatus.FAIL, check.status());
        assertEquals("10.77.0.3 is in another private network: its key differs from this peer's, whose fingerprint "
                + "is 3f9a1c228b07.", check.sentence());
        assertTrue(check.fix().contains("--network-key FILE"), check.fix());
    }

    @Test
    void open_and_private_peers_that_ignore_each_other_are_named_from_either_side() {
        Given open = new Given();
        open.refusals.add(new Refusal(ip("10.77.0.3"), Refusal.Reason.PRIVATE_PEER, 4, 500));
        Check fromOpen = Checks.networkKey(open.facts());
        assertEquals(CheckStatus.FAIL, fromOpen.status());
        assertTrue(fromOpen.sentence().contains("10.77.0.3 is in a private network, but this peer is in an open "
                + "network"), fromOpen.sentence());

        Given closed = new Given();
        closed.fingerprint = "3f9a1c228b07";
        closed.refusals.add(new Refusal(ip("10.77.0.4"), Refusal.Reason.OPEN_PEER, 4, 500));
        Check fromPrivate = Checks.networkKey(closed.facts());
        assertEquals(CheckStatus.FAIL, fromPrivate.status());
        assertTrue(fromPrivate.sentence().contains("10.77.0.4 is an open-network peer, but this peer is in a private "
                + "network (key fingerprint 3f9a1c228b07)"), fromPrivate.sentence());
    }

    @Test
    void refusals_older_than_a_minute_no_longer_describe_the_network() {
        Given g = new Given();
        g.refusals.add(new Refusal(ip("10.77.0.3"), Refusal.Reason.OTHER_NETWORK, 40,
                Checks.RECENT_REFUSAL_MILLIS + 1));
        assertEquals(CheckStatus.OK, Checks.networkKey(g.facts()).status());
    }

    @Test
    void forged_datagrams_are_a_warning_that_points_at_the_sender() {
        Given g = new Given();
        g.refusals.add(new Refusal(ip("10.77.0.66"), Refusal.Reason.FORGED, 3, 10));
        Check check = Checks.networkKey(g.facts());
        assertEquals(CheckStatus.WARN, check.status());
        assertTrue(check.fix().contains("10.77.0.66"), check.fix());
    }

    @Test
    void a_datagram_format_this_peer_cannot_read_means_an_incompatible_release() {
        Given g = new Given();
        g.formats.put(ip("10.77.0.5"), 7);
        Check check = Checks.versions(g.facts());
        assertEquals(CheckStatus.FAIL, check.status());
        assertTrue(check.sentence().contains("10.77.0.5 (format 7)"), check.sentence());
    }

    @Test
    void another_peer_protocol_fails_and_a_peer_that_does_not_know_the_question_is_older() {
        Given g = new Given().member(2).asked(2, new PeerMessage.ConnectedBack(true, "", PeerMessage.PROTOCOL + 1,
                "9.0"));
        Check check = Checks.versions(g.facts());
        assertEquals(CheckStatus.FAIL, check.status());
        assertTrue(check.sentence().contains("peer-2: " + (PeerMessage.PROTOCOL + 1)), check.sentence());

        Given old = new Given().member(2).asked(2, new PeerMessage.Refused(
                "bad request: not a well-formed message this peer accepts", false));
        Check older = Checks.versions(old.facts());
        assertEquals(CheckStatus.WARN, older.status());
        assertTrue(older.sentence().contains("it runs an older iwant"), older.sentence());
    }

    @Test
    void a_busy_answer_says_nothing_about_the_version() {
        Given g = new Given().member(2).asked(2, new PeerMessage.Refused("busy", true));
        assertEquals(CheckStatus.OK, Checks.versions(g.facts()).status());
        Check port = Checks.ownPort(g.facts());
        assertEquals(CheckStatus.WARN, port.status());
        assertTrue(port.sentence().contains("(answered: busy)"), port.sentence());
    }

    private static InetAddress ip(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
