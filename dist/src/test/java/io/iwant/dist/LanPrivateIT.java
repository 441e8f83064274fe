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

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Private networks on the LAN test bed, all on one bridge and one multicast group: network A (peers 1 and 2 seed,
 * peer 3 downloads), network B (peers 4 and 5) with another key, an open network (peer 6 seeds, peer 7 downloads)
 * and a stranger (peer 8) with a key of its own, started first so that it is the oldest of all and would lead
 * whichever network let it in. Each network elects its own leader, lists and finds only its own; inside A a download
 * from two seeders survives a seeder killed halfway and a restart of the downloader; and a capture on the bridge
 * holds neither the private networks' file names nor a run of A's file's bytes, while it does hold the open
 * network's (which proves that the capture and the search work). Root only.
 */
class LanPrivateIT {
    private static final List<Integer> ALPHA = List.of(1, 2, 3);
    private static final List<Integer> BRAVO = List.of(4, 5);
    private static final List<Integer> OPEN = List.of(6, 7);
    private static final List<Integer> STRANGER = List.of(8);
    private static final List<List<Integer>> NETWORKS = List.of(ALPHA, BRAVO, OPEN, STRANGER);
    private static final int PEERS = 8;
    private static final int ALPHA_DOWNLOADER = 3;
    private static final int OPEN_DOWNLOADER = 7;
    /**
     * A's file. The resume check allows 10% of it to cross twice, and what is in flight when the downloader is
     * killed is about 5 MiB whatever the size (48 MiB came to 109.8%).
     */
    private static final long SIZE = 96L << 20;
    private static final long OPEN_SIZE = 4L << 20;
    /** Each of A's two seeders sends at most this much, so that "halfway" lasts long enough to act on. */
    private static final String SEEDER_MBIT = "96";
    /** The longest run of a file's bytes that may show in the capture. */
    private static final int RUN = 64;
    private static final Duration SETTLE = Duration.ofSeconds(30);

    @TempDir
    Path tmp;
    private Lan lan;
    private final Random random = new Random();
    private final Map<Integer, String> ids = new HashMap<>();
    /** Each network's one file name, by the network's first peer. */
    private final Map<Integer, String> names = new HashMap<>();
    /** Each network's key fingerprint (null: open), by the network's first peer. */
    private final Map<Integer, String> fingerprints = new HashMap<>();

    @BeforeAll
    static void needsRoot() {
        Optional<String> why = Lan.unavailable();
        why.ifPresent(reason -> System.out.println("LanPrivateIT skipped: " + reason));
        Assumptions.assumeTrue(why.isEmpty(), () -> "LanPrivateIT skipped: " + why.orElse(""));
    }

    @AfterEach
    void tearDown() throws Exception {
        if (lan != null) {
            lan.close();
        }
    }

    @Test
    void two_private_networks_and_an_open_one_share_a_bridge_yet_never_meet_and_the_bridge_sees_no_plaintext()
            throws Exception {
        long t0 = System.nanoTime();
        lan = new Lan();
        lan.lan("up", String.valueOf(PEERS));
        Lan.Capture capture = lan.capture(tmp.resolve("bridge.pcap"));

        String tag = Long.toHexString(random.nextLong() >>> 16);
        byte[] alphaPattern = pattern();
        byte[] openPattern = pattern();
        names.put(1, "Quokka-Alpha-" + tag + ".bin");
        names.put(4, "Quokka-Bravo-" + tag + ".txt");
        names.put(6, "Quokka-Open-" + tag + ".bin");
        names.put(8, "Quokka-Stranger-" + tag + ".txt");
        for (int seeder : List.of(1, 2)) {
            writeRepeated(share(seeder).resolve(names.get(1)), alphaPattern, SIZE);
        }
        writeRepeated(share(6).resolve(names.get(6)), openPattern, OPEN_SIZE);
        for (int peer : List.of(4, 5)) {
            Files.writeString(share(peer).resolve(names.get(4)), "network B's notes");
        }
        Files.writeString(share(8).resolve(names.get(8)), "the stranger's notes");

        // oldest first: the stranger, then B, the open network and A
        Path strangerKey = key(8);
        Path bravoKey = key(4);
        Path alphaKey = key(1);
        fingerprints.put(6, null);
        start(8, strangerKey);
        start(4, bravoKey);
        start(5, bravoKey);
        start(6, null);
        start(7, null);
        for (int peer : ALPHA) {
            start(peer, alphaKey);
        }
        for (int seeder : List.of(1, 2)) {
            lan.lan("rate", String.valueOf(seeder), SEEDER_MBIT);
        }
        long started = System.nanoTime();
        System.out.printf("eight daemons up in four networks after %d ms%n", (started - t0) / 1_000_000);

        // each network elects its oldest and finds its own file, and only that
        Lan.await("each network follows its oldest peer with only its own members", started, SETTLE,
                this::eachNetworkFollowsItsOldest, () -> lan.logs(PEERS));
        Lan.await("each peer finds its own network's file and nothing else", started, SETTLE,
                () -> everyoneFindsOnlyTheirOwn().isEmpty(), () -> String.join("\n", everyoneFindsOnlyTheirOwn()));
        assertApart(this::viewFromSocket);
        System.out.printf("four networks apart, each with its leader and its own files, after %d ms%n",
                (System.nanoTime() - started) / 1_000_000);

        // inside A: from two seeders, with a seeder killed halfway, with the downloader restarted halfway
        LanDownloads alpha = new LanDownloads(lan, ALPHA_DOWNLOADER);
        String hash = awaitSeeders(ALPHA_DOWNLOADER, "quokka alpha", names.get(1), 2);
        String original = LanDownloads.sha256(share(1).resolve(names.get(1)));
        Path target = alpha.folder().resolve(names.get(1));
        long t1 = System.nanoTime();
        Cli.Result whole = Cli.run("--home", lan.home(ALPHA_DOWNLOADER).dir().toString(), "download",
                hash.substring(0, 10));
        assertEquals(0, whole.exit(), whole.toString());
        assertEquals(original, LanDownloads.sha256(target));
        System.out.printf("%d MiB in a private network from 2 seeders at %s Mbit/s each: %.0f Mbit/s%n", SIZE >> 20,
                SEEDER_MBIT, SIZE * 8 / ((System.nanoTime() - t1) / 1e9) / 1e6);
        alpha.survivesASeederKilledHalfway(hash, target, original, 2);
        lan.lan("restart", "2");
        awaitSeeders(ALPHA_DOWNLOADER, "quokka alpha", names.get(1), 2);
        alpha.resumesAfterTheDownloaderIsKilledHalfway(hash, target, original, SIZE);

        // the open network's download: what the capture must show in the clear
        String openHash = awaitSeeders(OPEN_DOWNLOADER, "quokka open", names.get(6), 1);
        Cli.Result openRun = Cli.run("--home", lan.home(OPEN_DOWNLOADER).dir().toString(), "download", openHash);
        assertEquals(0, openRun.exit(), openRun.toString());

        String said = capture.stop();
        long t2 = System.nanoTime();
        assertCaptureHoldsNoPlaintextOfThePrivateNetworks(capture.file(), said, alphaPattern, openPattern);
        System.out.printf("capture searched in %d ms%n", (System.nanoTime() - t2) / 1_000_000);

        // after the restarts: still apart, as status --json shows it
        Lan.await("each network follows its oldest again after the restarts", System.nanoTime(), SETTLE,
                this::eachNetworkFollowsItsOldest, () -> lan.logs(PEERS));
        assertApart(this::viewFromJson);
        assertEquals(List.of(), everyoneFindsOnlyTheirOwn());
        System.out.printf("LanPrivateIT took %d ms%n", (System.nanoTime() - t0) / 1_000_000);
    }

    /** What one peer's status says about its network: its own id, its leader, its members, its key. */
    private record View(String peerId, String leader, Set<String> members, String mode, String fingerprint) {
    }

    private Optional<View> viewFromSocket(int peer) {
        return lan.status(peer).map(s -> new View(s.peerId(), s.leader(),
                s.members().stream().map(ControlReply.Member::peerId).collect(Collectors.toSet()),
                s.network().mode().label(), s.network().fingerprint()));
    }

    private Optional<View> viewFromJson(int peer) {
        try {
            Cli.Result r = Cli.run("--home", lan.home(peer).dir().toString(), "status", "--json");
            assertEquals(0, r.exit(), r.toString());
            Map<String, Object> json = JSON.std.mapFrom(r.out());
            Set<String> members = new HashSet<>();
            for (Object member : (List<?>) json.get("members")) {
                members.add((String) ((Map<?, ?>) member).get("peerId"));
            }
            Map<?, ?> network = (Map<?, ?>) json.get("network");
            return Optional.of(new View((String) json.get("peerId"), (String) json.get("leader"), members,
                    (String) network.get("mode"), (String) network.get("fingerprint")));
        } catch (IOException | InterruptedException e) {
            throw new AssertionError("status --json of peer " + peer, e);
        }
    }

    private interface Views {
        Optional<View> of(int peer);
    }

    /**
     * Every peer lists exactly its own network's members, follows its network's oldest peer and shows its
     * network's key; so no peer is a member or the leader of another network, the stranger included.
     */
    private void assertApart(Views views) {
        for (List<Integer> network : NETWORKS) {
            Set<String> expected = network.stream().map(ids::get).collect(Collectors.toSet());
            for (int peer : network) {
                View view = views.of(peer).orElseThrow(() -> new AssertionError("peer " + peer + " does not answer"));
                assertEquals(ids.get(peer), view.peerId());
                assertEquals(expected, view.members(), "the members peer " + peer + " lists (" + who(view.members())
                        + ")");
                assertEquals(ids.get(network.get(0)), view.leader(), "peer " + peer + "'s leader ("
                        + who(Set.of(String.valueOf(view.leader()))) + ")");
                String fingerprint = fingerprints.get(network.get(0));
                assertEquals(fingerprint == null ? "open" : "private", view.mode(), "peer " + peer);
                assertEquals(fingerprint, view.fingerprint(), "peer " + peer);
            }
        }
    }

    private boolean eachNetworkFollowsItsOldest() {
        for (List<Integer> network : NETWORKS) {
            int[] peers = network.stream().mapToInt(Integer::intValue).toArray();
            if (!lan.agreedLeader(network.size(), peers).equals(Optional.of(ids.get(network.get(0))))) {
                return false;
            }
        }
        return true;
    }

    /** What each peer's search for the word all names share finds beyond or short of its own network's file. */
    private List<String> everyoneFindsOnlyTheirOwn() {
        List<String> wrong = new ArrayList<>();
        for (List<Integer> network : NETWORKS) {
            for (int peer : network) {
                Set<String> found = lan.search(peer, "quokka").stream().map(ControlReply.Hit::name)
                        .collect(Collectors.toCollection(TreeSet::new));
                if (!found.equals(Set.of(names.get(network.get(0))))) {
                    wrong.add("peer " + peer + " finds " + found);
                }
            }
        }
        return wrong;
    }

    /** The peers a set of peer ids names, for failure messages. */
    private String who(Set<String> peerIds) {
        return ids.entrySet().stream().filter(e -> peerIds.contains(e.getValue())).map(e -> "peer " + e.getKey())
                .sorted().collect(Collectors.joining(", "));
    }

    /** The hash of {@code name} once {@code downloader}'s search shows it on {@code seeders} peers. */
    private String awaitSeeders(int downloader, String query, String name, int seeders)
            throws InterruptedException {
        String[] hash = new String[1];
        Lan.await(name + " on " + seeders + " seeders", System.nanoTime(), SETTLE, () -> {
            Optional<ControlReply.Hit> hit = lan.search(downloader, query).stream()
                    .filter(h -> h.name().equals(name)).findFirst();
            hit.ifPresent(h -> hash[0] = h.hash());
            return hit.map(h -> h.peers() == seeders).orElse(false);
        }, () -> lan.logs(PEERS));
        return hash[0];
    }

    private void assertCaptureHoldsNoPlaintextOfThePrivateNetworks(Path pcap, String said, byte[] alphaPattern,
                                                                    byte[] openPattern) throws IOException {
        long size = Files.size(pcap);
        System.out.printf("capture on the bridge: %d MiB (%s)%n", size >> 20, said.replace('\n', ' '));
        assertTrue(size >= 2 * SIZE, "the capture holds " + size + " bytes, less than the two whole downloads of "
                + SIZE + " it saw: " + said);
        assertTrue(size < 1L << 30, "a capture this large (" + size + " bytes) was not expected");
        byte[] bytes = Files.readAllBytes(pcap);
        List<byte[]> secrets = new ArrayList<>(encodings(names.get(1)));
        secrets.addAll(encodings(names.get(4)));
        int leaked = Plaintext.found(bytes, secrets);
        assertEquals(-1, leaked, () -> "the capture holds a private network's file name ("
                + new String(secrets.get(leaked), leaked % 3 == 0 ? StandardCharsets.UTF_8
                : leaked % 3 == 1 ? StandardCharsets.UTF_16LE : StandardCharsets.UTF_16BE) + ")");
        assertFalse(Plaintext.containsRun(bytes, alphaPattern, RUN), RUN + " bytes of network A's file in the capture");
        // and the open network's, in the clear: the capture saw the traffic, and the search above would see a leak
        assertTrue(Plaintext.found(bytes, encodings(names.get(6))) >= 0, "the open network's file name is missing");
        assertTrue(Plaintext.containsRun(bytes, openPattern, RUN), "the open network's file bytes are missing");
    }

    /**
     * A name as it could travel: in UTF-8, UTF-16LE and UTF-16BE, each without its last character (Kryo marks the
     * end of an ASCII string in its last byte, so the whole name would be missed even in the clear).
     */
    private static List<byte[]> encodings(String name) {
        String stem = name.substring(0, name.length() - 1);
        return List.of(stem.getBytes(StandardCharsets.UTF_8), stem.getBytes(StandardCharsets.UTF_16LE),
                stem.getBytes(StandardCharsets.UTF_16BE));
    }

    private void start(int peer, Path key) throws IOException, InterruptedException {
        if (key == null) {
            lan.lan("start", String.valueOf(peer));
        } else {
            lan.lan("start", String.valueOf(peer), "--network-key", key.toString());
        }
        ids.put(peer, lan.peerId(peer));
    }

    /** A new network key in a file of the test's, for the network whose first peer is {@code first}. */
    private Path key(int first) throws IOException {
        NetworkKey key = NetworkKey.generate();
        Path file = tmp.resolve("network-" + first + ".key");
        KeyFiles.writePrivate(file, key.text());
        fingerprints.put(first, key.fingerprint());
        return file;
    }

    private Path share(int peer) throws IOException {
        return Files.createDirectories(lan.home(peer).dir().resolve("shared"));
    }

    private byte[] pattern() {
        byte[] pattern = new byte[4096];
        random.nextBytes(pattern);
        return pattern;
    }

    private static void writeRepeated(Path file, byte[] pattern, long size) throws IOException {
        byte[] block = new byte[1 << 20];
        for (int at = 0; at < block.length; at += pattern.length) {
            System.arraycopy(pattern, 0, block, at, pattern.length);
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long left = size; left > 0; left -= block.length) {
                out.write(block, 0, (int) Math.min(block.length, left));
            }
        }
    }
}
