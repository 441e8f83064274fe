package io.iwant.dist;

import com.fasterxml.jackson.jr.ob.JSON;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Several real daemons on this machine: their own homes, multicast on the loopback, a test-only group. */
final class Peers implements AutoCloseable {
    final Path root;
    final String group;
    final List<Cli.Daemon> daemons = new ArrayList<>();

    Peers(Path root) {
        this.root = root;
        Random random = new Random();
        this.group = "239.255.77." + (100 + random.nextInt(100)) + ":" + (20000 + random.nextInt(20000));
    }

    Path home(int i) {
        return root.resolve("home" + i);
    }

    Path share(int i) {
        return root.resolve("share" + i);
    }

    Path downloads(int i) {
        return root.resolve("downloads" + i);
    }

    /** Starts peer i and waits until its control socket answers. */
    Cli.Daemon start(int i) throws Exception {
        Files.createDirectories(share(i));
        Cli.Daemon daemon = Cli.start(home(i), "--interface", "lo", "--port", "0", "--group", group,
                "--share", share(i).toString(), "--downloads", downloads(i).toString());
        while (daemons.size() <= i) {
            daemons.add(null);
        }
        daemons.set(i, daemon);
        Cli.await("peer " + i + " answers", Duration.ofSeconds(30), () -> Files.exists(home(i).resolve("control.sock")));
        return daemon;
    }

    Cli.Result cli(int i, String... args) throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(List.of("--home", home(i).toString()));
        all.addAll(List.of(args));
        return Cli.run(all.toArray(String[]::new));
    }

    Map<String, Object> status(int i) throws IOException, InterruptedException {
        Cli.Result r = cli(i, "status", "--json");
        if (r.exit() != 0) {
            throw new IOException(r.toString());
        }
        return JSON.std.mapFrom(r.out());
    }

    /** The leader every one of the given peers follows, once they all agree and see {@code members} members. */
    String agreedLeader(int members, int... peers) {
        String leader = null;
        try {
            for (int i : peers) {
                Map<String, Object> s = status(i);
                Object l = s.get("leader");
                if (l == null || ((List<?>) s.get("members")).size() != members || (leader != null && !leader.equals(l))) {
                    return null;
                }
                leader = (String) l;
            }
        } catch (IOException | InterruptedException e) {
            return null;
        }
        return leader;
    }

    String peerId(int i) throws IOException, InterruptedException {
        return (String) status(i).get("peerId");
    }

    /** Names found by {@code search --json} from peer i (empty on failure). */
    List<String> search(int i, String query) {
        try {
            Cli.Result r = cli(i, "search", query, "--json");
            if (r.exit() != 0) {
                return List.of();
            }
            List<String> names = new ArrayList<>();
            for (Object hit : JSON.std.listFrom(r.out())) {
                names.add((String) ((Map<?, ?>) hit).get("name"));
            }
            return names;
        } catch (IOException | InterruptedException e) {
            return List.of();
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (Cli.Daemon d : daemons) {
            if (d != null) {
                d.close();
            }
        }
    }
}
