package io.iwant.bench;

import io.iwant.protocol.control.ControlReply;
import io.iwant.protocol.control.ControlRequest;
import io.iwant.protocol.home.Home;
import io.iwant.protocol.wire.Codec;
import io.iwant.protocol.wire.Frames;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * The in-process half of {@code scripts/bench-scale}: it makes the peers' shares, watches N daemons through their
 * control sockets (a status or a search costs a socket round trip here, not a client JVM, so watching 48 daemons
 * does not load the machine it measures), and times a failover. Prints one line of {@code key value} pairs per
 * command, for the script to read. Commands:
 * <ul>
 *   <li>{@code make DIR N K}: {@code DIR/share1..N}, K small files each (real-looking names from
 *   {@link NameGenerator}, random content, so no two files share a hash), the last one {@code scale-marker-pI.txt};
 *   prints 20 typo queries for the one-shot searches, one a line.</li>
 *   <li>{@code converge SECONDS K HOME...}: waits until every daemon follows the same leader, sees all the others,
 *   has indexed its K files, and a search from the first finds every peer's marker; prints
 *   {@code converged AT leader I} (AT the wall clock in epoch milliseconds, for the script to subtract its own
 *   start times from; I counts the homes from 1) or {@code timeout AT reason ...}.</li>
 *   <li>{@code failover PID SECONDS PEER HOME...}: SIGKILLs the leader PID, then asks the first home to search for
 *   the marker of peer PEER (a follower) until it answers with a hit, and all homes until they agree on a new
 *   leader; prints
 *   {@code search MS leader MS} (-1 for what did not come back in time).</li>
 * </ul>
 */
public final class ScaleProbe {
    private static final long POLL_MILLIS = 100;

    private ScaleProbe() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            throw new IllegalArgumentException("usage: ScaleProbe make|converge|failover ...");
        }
        switch (args[0]) {
            case "make" -> make(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            case "converge" -> converge(Long.parseLong(args[1]), Long.parseLong(args[2]), homes(args, 3));
            case "failover" -> failover(Long.parseLong(args[1]), Long.parseLong(args[2]), Integer.parseInt(args[3]),
                    homes(args, 4));
            default -> throw new IllegalArgumentException("unknown command " + args[0]);
        }
    }

    private static List<Path> homes(String[] args, int from) {
        List<Path> out = new ArrayList<>();
        for (int i = from; i < args.length; i++) {
            out.add(Path.of(args[i]));
        }
        return out;
    }

    static String marker(int peer) {
        return "scale-marker-p" + peer + ".txt";
    }

    private static void make(Path dir, int n, int k) throws IOException {
        Random random = new Random(16);
        List<String> sample = new ArrayList<>();
        byte[] content = new byte[64];
        for (int peer = 1; peer <= n; peer++) {
            Path share = Files.createDirectories(dir.resolve("share" + peer));
            NameGenerator names = new NameGenerator(1000L + peer);
            Set<String> made = new HashSet<>();
            while (made.size() < k - 1) {
                String path = names.next();
                if (!made.add(path)) {
                    continue;
                }
                Path file = share.resolve(path);
                Files.createDirectories(file.getParent());
                random.nextBytes(content);
                Files.write(file, content);
                if (sample.size() < 2000 && random.nextInt(Math.max(1, n * k / 2000)) == 0) {
                    sample.add(file.getFileName().toString());
                }
            }
            random.nextBytes(content);
            Files.write(share.resolve(marker(peer)), content);
        }
        sample.add(marker(1));
        Typos.queries(sample, 20, 7).forEach(q -> System.out.println(q.text()));
    }

    private static void converge(long seconds, long files, List<Path> homes) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + seconds * 1_000_000_000L;
        String reason = "";
        while (System.nanoTime() < deadline) {
            Optional<String> missing = notConverged(files, homes);
            if (missing.isEmpty()) {
                String leader = status(homes.get(0)).orElseThrow().leader();
                System.out.println("converged " + System.currentTimeMillis() + " leader " + indexOf(leader, homes));
                return;
            }
            reason = missing.get();
            Thread.sleep(POLL_MILLIS);
        }
        System.out.println("timeout " + System.currentTimeMillis() + " reason " + reason);
    }

    /** Why the network has not converged yet, or empty once it has. */
    private static Optional<String> notConverged(long files, List<Path> homes) {
        String leader = null;
        for (int i = 0; i < homes.size(); i++) {
            Optional<ControlReply.Status> status = status(homes.get(i));
            if (status.isEmpty()) {
                return Optional.of("peer " + (i + 1) + " does not answer");
            }
            ControlReply.Status s = status.get();
            if (s.leader() == null || (leader != null && !leader.equals(s.leader()))) {
                return Optional.of("peer " + (i + 1) + " follows " + s.leader() + ", peer 1 " + leader);
            }
            leader = s.leader();
            long others = s.members().stream().filter(m -> !m.self()).count();
            if (others < homes.size() - 1) {
                return Optional.of("peer " + (i + 1) + " sees " + others + " of " + (homes.size() - 1) + " others");
            }
            if (s.index().files() < files || s.index().hashing()) {
                return Optional.of("peer " + (i + 1) + " indexed " + s.index().files() + " of " + files + " files");
            }
        }
        for (int peer = 1; peer <= homes.size(); peer++) {
            if (!finds(homes.get(0), marker(peer))) {
                return Optional.of("a search does not find peer " + peer + "'s marker yet");
            }
        }
        return Optional.empty();
    }

    private static void failover(long pid, long seconds, int peer, List<Path> homes) throws InterruptedException {
        ProcessHandle leader = ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException("no process " + pid));
        String oldLeader = status(homes.get(0)).map(ControlReply.Status::leader).orElse(null);
        long start = System.nanoTime();
        leader.destroyForcibly();
        long deadline = start + seconds * 1_000_000_000L;
        long searched = -1;
        long agreed = -1;
        String wanted = marker(peer);
        while (System.nanoTime() < deadline && (searched < 0 || agreed < 0)) {
            if (searched < 0 && finds(homes.get(0), wanted)) {
                searched = millisSince(start);
            }
            if (agreed < 0 && agreeOnNew(oldLeader, homes)) {
                agreed = millisSince(start);
            }
            Thread.sleep(POLL_MILLIS / 2);
        }
        System.out.println("search " + searched + " leader " + agreed);
    }

    /** True once every daemon still running follows one leader other than the killed one. */
    private static boolean agreeOnNew(String oldLeader, List<Path> homes) {
        String leader = null;
        int answered = 0;
        for (Path home : homes) {
            Optional<ControlReply.Status> s = status(home);
            if (s.isEmpty()) {
                continue; // the killed leader
            }
            answered++;
            String l = s.get().leader();
            if (l == null || l.equals(oldLeader) || (leader != null && !leader.equals(l))) {
                return false;
            }
            leader = l;
        }
        return answered > 0;
    }

    private static int indexOf(String peerId, List<Path> homes) {
        for (int i = 0; i < homes.size(); i++) {
            if (status(homes.get(i)).map(s -> peerId.equals(s.peerId())).orElse(false)) {
                return i + 1;
            }
        }
        return -1;
    }

    private static boolean finds(Path home, String name) {
        return call(home, new ControlRequest.Search(name, 5))
                .map(r -> r instanceof ControlReply.SearchResults results
                        && results.hits().stream().anyMatch(h -> h.name().equals(name)))
                .orElse(false);
    }

    private static Optional<ControlReply.Status> status(Path home) {
        return call(home, new ControlRequest.Status()).map(r -> r instanceof ControlReply.Status s ? s : null);
    }

    /** One request to a home's daemon; empty when it does not answer (not started yet, or killed). */
    private static Optional<ControlReply> call(Path home, ControlRequest request) {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(new Home(home).controlSocket()));
            OutputStream out = Channels.newOutputStream(channel);
            Frames.write(out, Codec.encode(request));
            out.flush();
            InputStream in = Channels.newInputStream(channel);
            byte[] frame = Frames.read(in, Frames.MAX_CONTROL_FRAME);
            return frame == null ? Optional.empty() : Optional.of(Codec.decode(frame, ControlReply.class));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
