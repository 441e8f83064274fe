package io.iwant.dist;

import com.fasterxml.jackson.jr.ob.JSON;
import io.iwant.protocol.control.ControlReply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Election on the LAN test bed: four real daemons, each in a network namespace of its own, real multicast between
 * them over a bridge. Runs as root only (skipped otherwise, with the reason). Prints the times it measures.
 */
class LanElectionIT {
    private static final int PEERS = 4;
    private static final Duration ELECTION_LIMIT = Duration.ofSeconds(3);
    private static final Duration HEAL_LIMIT = Duration.ofSeconds(5);
    /** Generous: a slow machine may take a while to notice a peer gone, which is not what is measured. */
    private static final Duration SETTLE_LIMIT = Duration.ofSeconds(15);

    private Lan lan;
    private final String[] ids = new String[PEERS + 1];
    private long lastStartIssued;
    private long lastStarted;

    @BeforeAll
    static void needsRoot() {
        Optional<String> why = Lan.unavailable();
        if (why.isPresent()) {
            System.out.println("LanElectionIT skipped: " + why.get());
        }
        Assumptions.assumeTrue(why.isEmpty(), () -> "LanElectionIT skipped: " + why.orElse(""));
    }

    /** Four peers, started one after another, so that peer 1 is the oldest and peer 4 the youngest. */
    @BeforeEach
    void startFourPeers() throws Exception {
        lan = new Lan();
        lan.lan("up", String.valueOf(PEERS));
        for (int peer = 1; peer <= PEERS; peer++) {
            lastStartIssued = System.nanoTime();
            lan.lan("start", String.valueOf(peer)); // returns once the daemon answers on its control socket
            lastStarted = System.nanoTime();
            ids[peer] = lan.peerId(peer);
        }
    }

    @AfterEach
    void tearDown() throws Exception {
        if (lan != null) {
            lan.close();
        }
    }

    @Test
    void four_peers_elect_the_oldest_within_3_s_of_the_last_start() throws Exception {
        awaitLeader("all four follow peer 1, the oldest", lastStarted, ELECTION_LIMIT, ids[1], PEERS, 1, 2, 3, 4);
        report("all four follow the oldest, counted from the last daemon up", since(lastStarted));
        report("the same, counted from launching its JVM", since(lastStartIssued));

        Cli.Result json = Cli.run("--home", lan.home(3).dir().toString(), "status", "--json");
        assertEquals(0, json.exit(), json.toString());
        Map<String, Object> status = JSON.std.mapFrom(json.out());
        assertEquals(ids[1], status.get("leader"));
        List<?> members = (List<?>) status.get("members");
        assertEquals(PEERS, members.size());
        for (Object member : members) {
            String address = (String) ((Map<?, ?>) member).get("address");
            assertTrue(address.matches("10\\.77\\.0\\.[1-4]:7378"), address);
        }
    }

    @Test
    void when_the_leader_is_killed_the_next_oldest_leads_within_3_s_and_everyone_follows() throws Exception {
        awaitLeader("all four follow peer 1", System.nanoTime(), SETTLE_LIMIT, ids[1], PEERS, 1, 2, 3, 4);
        long killed = System.nanoTime();
        lan.lan("kill", "1");
        awaitLeader("peers 2 to 4 follow peer 2, the next oldest", killed, ELECTION_LIMIT, ids[2], -1, 2, 3, 4);
        report("new leader after the leader was killed", since(killed));
        awaitLeader("peers 2 to 4 see three members", killed, SETTLE_LIMIT, ids[2], PEERS - 1, 2, 3, 4);
        report("killed leader dropped from the members", since(killed));
    }

    @Test
    void a_cut_network_has_a_leader_in_each_half_and_one_for_all_within_5_s_of_the_heal() throws Exception {
        awaitLeader("all four follow peer 1", System.nanoTime(), SETTLE_LIMIT, ids[1], PEERS, 1, 2, 3, 4);
        long cut = System.nanoTime();
        lan.lan("cut", "3");
        lan.lan("cut", "4");
        awaitLeader("peers 3 and 4 follow peer 3, the oldest of their half", cut, SETTLE_LIMIT, ids[3], -1, 3, 4);
        report("leader of the cut-off half", since(cut));
        awaitLeader("each half sees only itself, with its own leader", cut, SETTLE_LIMIT, ids[3], 2, 3, 4);
        awaitLeader("peers 1 and 2 still follow peer 1", cut, SETTLE_LIMIT, ids[1], 2, 1, 2);
        report("each half sees only its own two members", since(cut));

        long heal = System.nanoTime();
        lan.lan("heal");
        awaitLeader("all four follow peer 1 again", heal, HEAL_LIMIT, ids[1], PEERS, 1, 2, 3, 4);
        report("one leader for all after the heal", since(heal));
    }

    @Test
    void a_quickly_restarted_leader_is_noticed_and_a_fresh_election_follows() throws Exception {
        awaitLeader("all four follow peer 1", System.nanoTime(), SETTLE_LIMIT, ids[1], PEERS, 1, 2, 3, 4);
        long restarting = System.nanoTime();
        lan.lan("restart", "1");
        Duration restart = Duration.ofNanos(System.nanoTime() - restarting);
        assertEquals(ids[1], lan.peerId(1), "the same home keeps its peer id");
        long up = System.nanoTime();
        Duration took = awaitLeader("all four follow peer 2, now the oldest", up, ELECTION_LIMIT, ids[2], PEERS,
                1, 2, 3, 4);
        report("restart of the leader (kill and start until it answers)", restart);
        report("all four follow peer 2, counted from the restarted peer answering", took);
        ControlReply.Status restarted = lan.status(1).orElseThrow();
        ControlReply.Member self = restarted.members().stream().filter(ControlReply.Member::self).findFirst()
                .orElseThrow();
        ControlReply.Member oldLeader = lan.status(2).orElseThrow().members().stream()
                .filter(m -> m.peerId().equals(ids[1])).findFirst().orElseThrow();
        assertTrue(oldLeader.ageMillis() < restart.toMillis() + took.toMillis() + 1_000,
                "peer 2 sees the restarted peer 1 as young: " + oldLeader);
        assertTrue(self.ageMillis() < restart.toMillis() + took.toMillis() + 1_000, self.toString());
    }

    /**
     * Waits until the given peers all follow {@code leader} (and each sees {@code members} members, unless -1).
     */
    private Duration awaitLeader(String what, long since, Duration limit, String leader, int members, int... peers)
            throws InterruptedException {
        return Lan.await(what, since, limit, () -> {
            Optional<String> agreed = members < 0 ? lan.agreedLeader(peers) : lan.agreedLeader(members, peers);
            return agreed.equals(Optional.of(leader));
        }, () -> describe(peers) + lan.logs(PEERS));
    }

    private String describe(int... peers) {
        StringBuilder text = new StringBuilder("ids: ");
        for (int peer = 1; peer <= PEERS; peer++) {
            text.append(peer).append('=').append(ids[peer]).append(' ');
        }
        text.append('\n');
        for (int peer : peers) {
            text.append("peer ").append(peer).append(": ").append(lan.status(peer).map(s -> "leader " + s.leader()
                    + ", members " + s.members().stream().map(ControlReply.Member::peerId).toList())
                    .orElse("no answer")).append('\n');
        }
        return text.toString();
    }

    private static Duration since(long nanoTime) {
        return Duration.ofNanos(System.nanoTime() - nanoTime);
    }

    private static void report(String what, Duration took) {
        System.out.printf("LAN election: %s: %d ms%n", what, took.toMillis());
    }
}
