package io.iwant.dist;

import com.fasterxml.jackson.jr.ob.JSON;
import io.iwant.protocol.control.ControlReply;
import io.iwant.protocol.secure.KeyFiles;
import io.iwant.protocol.secure.NetworkKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code iwanto doctor} on the LAN test bed names the cause of what usually keeps peers apart, several faults at
 * once on one bed: the bridge drops all multicast (an nft rule in the bridge's namespace), so peers 1 and 2 find
 * each other only because peer 1 names peer 2 with --peers; peer 2's TCP peer port is filtered (an nft rule in its
 * namespace); peer 1 also names peer 3, whose daemon is down; peers 4 and 5 name each other but hold different
 * network keys, while peer 6 holds peer 4's key and names it, so that connect-back runs in a private network too.
 * Root only (skipped otherwise, with the reason).
 */
class LanDoctorIT {
    private static final int PEERS = 6;
    private static final Duration SETTLE = Duration.ofSeconds(20);

    @TempDir
    Path tmp;
    private Lan lan;
    private final Map<Integer, String> ids = new HashMap<>();

    @BeforeAll
    static void needsRoot() {
        Optional<String> why = Lan.unavailable();
        why.ifPresent(reason -> System.out.println("LanDoctorIT skipped: " + reason));
        Assumptions.assumeTrue(why.isEmpty(), () -> "LanDoctorIT skipped: " + why.orElse(""));
    }

    @AfterEach
    void tearDown() throws Exception {
        if (lan != null) {
            lan.close();
        }
    }

    @Test
    void doctor_names_dropped_multicast_a_filtered_port_a_static_peer_that_is_down_and_another_key() throws Exception {
        lan = new Lan();
        lan.lan("up", String.valueOf(PEERS));
        lan.onBridge("nft", "add table bridge iwdoctor");
        lan.onBridge("nft", "add chain bridge iwdoctor forward { type filter hook forward priority 0 ; }");
        lan.onBridge("nft", "add rule bridge iwdoctor forward meta pkttype multicast drop");
        lan.lan("exec", "2", "nft", "add table inet iwdoctor");
        lan.lan("exec", "2", "nft", "add chain inet iwdoctor input { type filter hook input priority 0 ; }");
        lan.lan("exec", "2", "nft", "add rule inet iwdoctor input tcp dport 7378 drop");

        // no sweep: each peer meets only the peers named here, so that each fault is what its doctor sees (with the
        // sweep, peer 6 also met peer 5 and was right to say another key was about)
        lan.lan("start", "2", "--sweep", "off");
        lan.lan("start", "1", "--sweep", "off", "--peers", "10.77.0.2:7377,10.77.0.3:7377");
        Path alpha = key("alpha");
        Path bravo = key("bravo");
        lan.lan("start", "4", "--sweep", "off", "--network-key", alpha.toString(), "--peers", "10.77.0.5:7377");
        lan.lan("start", "5", "--sweep", "off", "--network-key", bravo.toString(), "--peers", "10.77.0.4:7377");
        lan.lan("start", "6", "--sweep", "off", "--network-key", alpha.toString(), "--peers", "10.77.0.4:7377");
        for (int peer : List.of(1, 2, 4, 5, 6)) {
            ids.put(peer, lan.peerId(peer));
        }
        Lan.await("peers 1 and 2 see each other by unicast, and have run long enough to judge silence",
                System.nanoTime(), SETTLE, () -> members(1) == 2 && members(2) == 2
                        && lan.status(1).map(s -> s.uptimeMillis() > 4_000).orElse(false), () -> lan.logs(PEERS));
        Lan.await("peers 4 and 6, of one private network, see each other", System.nanoTime(), SETTLE,
                () -> members(4) == 2 && members(6) == 2, () -> lan.logs(PEERS));
        Lan.await("peer 4 refuses peer 5's datagrams", System.nanoTime(), SETTLE,
                () -> lan.status(4).map(s -> !s.network().refused().isEmpty()).orElse(false), () -> lan.logs(PEERS));

        Doctor one = doctor(1);
        assertEquals(1, one.exit(), one.text);
        one.assertCheck("multicast-self", "ok", "This peer hears its own multicast on iw0");
        one.assertCheck("multicast-others", "fail", "No other peer's multicast arrives, though " + ids.get(2)
                + " (10.77.0.2) is a member found by unicast: the network between drops multicast");
        one.assertCheck("peers-port", "fail", "The peer port of " + ids.get(2) + " (10.77.0.2:7378) does not "
                + "answer from here");
        one.assertCheck("static-peers", "fail", "Static peer 10.77.0.3:7377 never answered");
        one.assertCheck("static-peers", "fail", "Answered: 10.77.0.2:7377.");
        one.assertCheck("interface", "ok", "Discovery runs on iw0 (10.77.0.1), as configured (--interface iw0)");

        Doctor two = doctor(2);
        assertEquals(1, two.exit(), two.text);
        two.assertCheck("peer-port", "fail", ids.get(1) + " (10.77.0.1:7378) could not connect back to this "
                + "peer's TCP port 7378");
        two.assertCheck("peers-port", "ok", ids.get(1) + " (10.77.0.1:7378) answered");
        two.assertCheck("version", "ok", "speak this peer's protocol");

        Doctor four = doctor(4);
        assertEquals(1, four.exit(), four.text);
        four.assertCheck("network-key", "fail", "10.77.0.5 is in another private network: its key differs from "
                + "this peer's, whose fingerprint is " + fingerprints.get(alpha));
        four.assertCheck("static-peers", "fail", "Static peer 10.77.0.5:7377 answered, but from another network");

        Doctor six = doctor(6);
        six.assertCheck("peer-port", "ok", ids.get(4) + " (10.77.0.4:7378) connected back to this peer's TCP port "
                + "7378");
        six.assertCheck("peers-port", "ok", ids.get(4) + " (10.77.0.4:7378) answered");
        six.assertCheck("network-key", "ok", "this peer is in a private network (key fingerprint "
                + fingerprints.get(alpha) + ")");

        Cli.Result text = Cli.run("--home", lan.home(4).dir().toString(), "doctor");
        assertEquals(1, text.exit(), text.toString());
        assertTrue(text.out().contains("FAIL  network-key       10.77.0.5 is in another private network"), text.out());
        assertTrue(text.out().contains("fix: Give every peer the same key"), text.out());
    }

    private final Map<Path, String> fingerprints = new HashMap<>();

    private Path key(String name) throws Exception {
        NetworkKey key = NetworkKey.generate();
        Path file = tmp.resolve(name + ".key");
        KeyFiles.writePrivate(file, key.text());
        fingerprints.put(file, key.fingerprint());
        return file;
    }

    private int members(int peer) {
        return lan.status(peer).map(ControlReply.Status::members).map(List::size).orElse(0);
    }

    /** {@code iwanto doctor --json} of one peer, as a user runs it. */
    private Doctor doctor(int peer) throws Exception {
        Cli.Result r = Cli.run("--home", lan.home(peer).dir().toString(), "doctor", "--json");
        assertEquals("", r.err(), r.toString());
        Map<String, Object> doc = JSON.std.mapFrom(r.out());
        assertEquals(true, doc.get("daemon"), r.out());
        Map<String, Map<?, ?>> checks = new HashMap<>();
        for (Object check : (List<?>) doc.get("checks")) {
            Map<?, ?> c = (Map<?, ?>) check;
            checks.put((String) c.get("name"), c);
        }
        return new Doctor(r.exit(), checks, "peer " + peer + ": " + r.out() + "\n" + lan.logs(PEERS));
    }

    private record Doctor(int exit, Map<String, Map<?, ?>> checks, String text) {
        void assertCheck(String name, String status, String sentencePart) {
            Map<?, ?> check = checks.get(name);
            assertTrue(check != null, "no check " + name + " in " + text);
            assertEquals(status, check.get("status"), name + ": " + text);
            assertTrue(((String) check.get("sentence")).contains(sentencePart), name + " should say '" + sentencePart
                    + "':\n" + text);
        }
    }
}
