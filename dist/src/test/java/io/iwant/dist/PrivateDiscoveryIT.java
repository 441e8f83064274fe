package io.iwant.dist;

import io.iwant.dist.hostile.Hostile;
import io.iwant.protocol.control.ControlReply;
import io.iwant.protocol.control.ControlRequest;
import io.iwant.protocol.home.Home;
import io.iwant.protocol.secure.KeyFiles;
import io.iwant.protocol.secure.NetworkKey;
import io.iwant.tui.client.ControlClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Private networks on the loopback: two daemons with one key and a third with another on the same group, and a
 * replayer that captured the group's datagrams and resends them after one of the two restarted. The two form one
 * network and keep their leader; neither the third daemon nor anything the replayer sends ever shows up as a member
 * or leader; each daemon logs in one sentence whom it did not let in.
 */
class PrivateDiscoveryIT {
    private static final int A = 0;
    private static final int B = 1;
    private static final int C = 2;
    /** How often the replayer resends all it captured, a second apart. */
    private static final int ROUNDS = 5;

    @TempDir
    Path tmp;

    @Test
    void a_replayer_and_a_daemon_with_another_key_are_never_members_nor_leaders() throws Exception {
        NetworkKey key = NetworkKey.generate();
        NetworkKey other = NetworkKey.generate();
        NetworkInterface lo = NetworkInterface.getByName("lo");
        try (Peers peers = new Peers(tmp); Hostile hostile = new Hostile()) {
            InetSocketAddress group = group(peers.group);
            withKey(peers, A, key);
            withKey(peers, B, key);
            withKey(peers, C, other);
            peers.start(A);
            peers.start(B);
            peers.start(C);
            Cli.await("the two with one key agree on a leader, the third leads alone", Duration.ofSeconds(20),
                    () -> peers.agreedLeader(2, A, B) != null && peers.agreedLeader(1, C) != null);
            String a = peers.peerId(A);
            String b = peers.peerId(B);
            String c = peers.peerId(C);

            List<byte[]> captured = hostile.capture(group, lo, 2_500, 10_000);
            assertTrue(captured.size() >= 10, "captured " + captured.size() + " datagrams");

            peers.daemons.get(B).close(); // its captured datagrams now belong to an incarnation that is gone
            peers.start(B);
            Cli.await("the restarted peer is back", Duration.ofSeconds(20),
                    () -> peers.agreedLeader(2, A, B) != null);
            String leader = peers.agreedLeader(2, A, B);
            String bEndpoint = status(peers, B).members().stream().filter(ControlReply.Member::self).findFirst()
                    .orElseThrow().address();

            CompletableFuture<Integer> replay = CompletableFuture.supplyAsync(() -> {
                try {
                    return hostile.replay(group, lo, captured, ROUNDS, 1_000);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            // Watched through the control socket many times a second while the replay runs, then once more as a
            // user sees it, with status --json.
            int looks = 0;
            while (!replay.isDone()) {
                expect(status(peers, A), Set.of(a, b), leader, b, bEndpoint);
                expect(status(peers, B), Set.of(a, b), leader, null, null);
                expect(status(peers, C), Set.of(c), c, null, null);
                looks++;
            }
            assertEquals(ROUNDS * captured.size(), replay.get());
            assertTrue(looks >= 10, "looked " + looks + " times");
            for (int peer : new int[]{A, B, C}) {
                Map<String, Object> json = peers.status(peer);
                assertEquals(peer == C ? Set.of(c) : Set.of(a, b), memberIds(json), "status --json of " + peer);
                assertEquals(peer == C ? c : leader, json.get("leader"), "status --json of " + peer);
            }

            String logA = Files.readString(peers.home(A).resolve("iwant.log"));
            String logC = Files.readString(peers.home(C).resolve("iwant.log"));
            assertTrue(logA.contains("127.0.0.1 is in another private network (its key differs from this peer's); "
                    + "it is not let in"), "A says why C is not let in");
            assertTrue(logA.contains("127.0.0.1 resends datagrams of other peers"), "A says it saw a replay");
            assertTrue(logC.contains("127.0.0.1 is in another private network"), "C says why A and B are not let in");
            for (int peer : new int[]{A, B, C}) {
                String log = Files.readString(peers.home(peer).resolve("iwant.log"));
                // B's log since its restart: stopping a daemon can log an ERROR of the control socket's acceptor
                // (a race in ControlServer's shutdown, not of discovery)
                String since = peer == B ? log.substring(log.lastIndexOf("Discovery on")) : log;
                assertEquals(List.of(), since.lines().filter(l -> l.contains(" ERROR ")).toList(), "peer " + peer);
            }
        }
    }

    private static ControlReply.Status status(Peers peers, int i) {
        return (ControlReply.Status) ControlClient.call(new Home(peers.home(i)), new ControlRequest.Status());
    }

    /**
     * {@code status} lists exactly {@code members}, follows {@code leader}, and (unless null) reaches {@code peer}
     * at {@code endpoint}.
     */
    private static void expect(ControlReply.Status status, Set<String> members, String leader, String peer,
                               String endpoint) {
        assertEquals(members, status.members().stream().map(ControlReply.Member::peerId).collect(Collectors.toSet()),
                "members of " + status.peerId());
        assertEquals(leader, status.leader(), "leader of " + status.peerId());
        if (peer != null) {
            assertEquals(endpoint, status.members().stream().filter(m -> m.peerId().equals(peer)).findFirst()
                    .orElseThrow().address(), status.peerId() + " reaches " + peer + " where it is now");
        }
    }

    /** Puts the daemon of home {@code i} in the private network of {@code key}, as {@code network.key} does. */
    private static void withKey(Peers peers, int i, NetworkKey key) throws Exception {
        KeyFiles.writePrivate(new Home(peers.home(i)).networkKey(), key.text());
    }

    private static Set<String> memberIds(Map<String, Object> status) {
        return ((List<?>) status.get("members")).stream().map(m -> (String) ((Map<?, ?>) m).get("peerId"))
                .collect(Collectors.toSet());
    }

    private static InetSocketAddress group(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }
}
