package io.iwant.dist;

import io.iwant.protocol.control.ControlReply;
import io.iwant.protocol.control.ControlRequest;
import io.iwant.tui.client.ControlClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A stranger on the LAN test bed (a fifth namespace, no daemon) attacks four peers through discovery: boasting
 * beacons and victories twice a second for 30 s, then a good-bye in a live peer's name. Root only.
 */
class LanHostileIT {
    private static final int PEERS = 4;
    private static final int SPOOFER = 5;
    private static final String FAKE_ID = "0000evil";

    private Lan lan;

    @BeforeAll
    static void needsRoot() {
        Optional<String> why = Lan.unavailable();
        why.ifPresent(reason -> System.out.println("LanHostileIT skipped: " + reason));
        Assumptions.assumeTrue(why.isEmpty(), () -> "LanHostileIT skipped: " + why.orElse(""));
    }

    @AfterEach
    void tearDown() throws Exception {
        if (lan != null) {
            lan.close();
        }
    }


    private String leaderOf(int peer) {
        try {
            ControlReply reply = ControlClient.call(lan.home(peer), new ControlRequest.Status());
            return reply instanceof ControlReply.Status s ? s.leader() : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private Process hostile(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", Lan.SCRIPT.toString(), "exec",
                String.valueOf(SPOOFER), Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.iwant.dist.hostile.HostileMain"));
        command.addAll(List.of(args));
        return lan.process(command);
    }

    @Test
    void a_boasting_spoofer_never_leads_and_a_spoofed_good_bye_removes_nothing() throws Exception {
        lan = new Lan();
        lan.lan("up", String.valueOf(SPOOFER));
        for (int peer = 1; peer <= PEERS; peer++) {
            lan.lan("start", String.valueOf(peer));
            Files.writeString(lan.home(peer).dir().resolve("shared").resolve("Report.Peer" + peer + ".pdf"),
                    "report of peer " + peer);
        }
        long t0 = System.nanoTime();
        Lan.await("four peers agree on a leader and find every report", t0, Duration.ofSeconds(30), () -> {
            if (lan.agreedLeader(PEERS, new int[] {1, 2, 3, 4}).isEmpty()) {
                return false;
            }
            for (int peer = 1; peer <= PEERS; peer++) {
                if (lan.search(peer, "report peer").size() != PEERS) {
                    return false;
                }
            }
            return true;
        }, () -> lan.logs(PEERS));
        String leader = lan.agreedLeader(PEERS, new int[] {1, 2, 3, 4}).orElseThrow();

        Process boast = hostile("boast", "239.255.77.77:7377", "iw0", FAKE_ID, "30000");
        int rounds = 0;
        while (boast.isAlive()) {
            for (int peer = 1; peer <= PEERS; peer++) {
                String followed = leaderOf(peer);
                assertTrue(!FAKE_ID.equals(followed), "peer " + peer + " follows the spoofer");
                assertEquals(PEERS, lan.search(peer, "report peer").size(), "peer " + peer + " still searches");
            }
            rounds++;
            Thread.sleep(500);
        }
        assertEquals(0, boast.waitFor(), "the spoofer ran");
        assertTrue(rounds >= 20, "checked " + rounds + " times during the attack");
        assertEquals(Optional.of(leader), lan.agreedLeader(PEERS, new int[] {1, 2, 3, 4}), "the leadership did not change");

        String victim = lan.peerId(2);
        Process bye = hostile("bye", "239.255.77.77:7377", "iw0", victim, "5000");
        assertTrue(bye.waitFor(10, TimeUnit.SECONDS));
        assertEquals(0, bye.exitValue(), "the good-bye was sent");
        long after = System.nanoTime();
        while (System.nanoTime() - after < TimeUnit.SECONDS.toNanos(5)) {
            for (int peer = 1; peer <= PEERS; peer++) {
                assertEquals(PEERS, lan.search(peer, "report peer").size(),
                        "peer " + peer + " still finds the victim's file after a spoofed good-bye");
            }
            Thread.sleep(250);
        }
    }
}
