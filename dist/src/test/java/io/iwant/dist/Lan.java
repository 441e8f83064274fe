package io.iwant.dist;

import io.iwant.protocol.control.ControlReply;
import io.iwant.protocol.control.ControlRequest;
import io.iwant.protocol.home.Home;
import io.iwant.tui.client.ControlClient;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The LAN test bed ({@code scripts/lan}) from a test: network namespaces of a name prefix and a state folder of
 * this run's own, so that parallel runs never meet, torn down on {@link #close()}.
 */
final class Lan implements AutoCloseable {
    static final Path SCRIPT = Cli.REPO.resolve("scripts/lan");

    private final String prefix = "iwt" + (1000 + new Random().nextInt(9000));
    private final Path state = Path.of("/tmp", prefix);

    /** Why the test bed cannot run here, or empty when it can (root, iproute2 and tc present). */
    static Optional<String> unavailable() {
        try {
            Process id = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
            String uid = new String(id.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            id.waitFor(5, TimeUnit.SECONDS);
            if (!uid.equals("0")) {
                return Optional.of("the LAN tests need root to make network namespaces (running as uid " + uid + ")");
            }
            Process ip = new ProcessBuilder("ip", "netns", "list").redirectErrorStream(true).start();
            ip.getInputStream().readAllBytes();
            if (!ip.waitFor(5, TimeUnit.SECONDS) || ip.exitValue() != 0) {
                return Optional.of("the LAN tests need 'ip netns' from iproute2");
            }
        } catch (IOException e) {
            return Optional.of("the LAN tests need 'id' and 'ip' (iproute2): " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
        return Optional.empty();
    }

    /** Runs {@code scripts/lan ARGS}; fails the test when it fails. */
    String lan(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
        command.addAll(List.of(args));
        Process process = builder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("scripts/lan " + String.join(" ", args) + " did not finish");
        }
        if (process.exitValue() != 0) {
            throw new AssertionError("scripts/lan " + String.join(" ", args) + " failed:\n" + output);
        }
        return output;
    }

    /** Runs {@code command} inside the bridge's namespace (a filter on the bridge); fails the test when it fails. */
    String onBridge(String... command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", prefix + "-br"));
        full.addAll(List.of(command));
        Process process = builder(full).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new AssertionError(String.join(" ", full) + " failed:\n" + output);
        }
        return output;
    }

    /** Starts {@code command} in the background with this test bed's environment; its output goes to the state. */
    Process process(List<String> command) throws IOException {
        Path log = state.resolve("process-" + System.nanoTime() + ".log");
        Files.createDirectories(state);
        return builder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private ProcessBuilder builder(List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("IWLAN_PREFIX", prefix);
        builder.environment().put("IWLAN_STATE", state.toString());
        builder.environment().put("IWANT_JAR", Cli.JAR.toString());
        return builder;
    }

    /** A recording of every frame that crosses the test bed's bridge, until {@link #stop()}. */
    record Capture(Process process, Path file, Path log) {
        /** Stops tcpdump (it writes out what it holds) and returns what it said about the capture. */
        String stop() throws IOException, InterruptedException {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("tcpdump did not stop");
            }
            return Files.readString(log).strip();
        }
    }

    /**
     * Starts {@code tcpdump} on the bridge (in its own namespace, where every frame between peers passes) writing
     * to {@code file}, and returns once it listens.
     */
    Capture capture(Path file) throws IOException, InterruptedException {
        Path log = state.resolve("tcpdump.log");
        Process process;
        try {
            process = builder(List.of("ip", "netns", "exec", prefix + "-br", "tcpdump", "-i", "br0", "-n", "-U",
                    "-Z", "root", "-B", "16384", "-w", file.toString())).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new AssertionError("the capture on the bridge needs ip and tcpdump (apt-get install tcpdump)", e);
        }
        await("tcpdump listens on the bridge", System.nanoTime(), Duration.ofSeconds(10), () -> {
            try {
                return Files.readString(log).contains("listening on") || !process.isAlive();
            } catch (IOException e) {
                return false;
            }
        }, () -> "");
        if (!process.isAlive()) {
            throw new AssertionError("tcpdump did not start (apt-get install tcpdump): " + Files.readString(log));
        }
        return new Capture(process, file, log);
    }

    /** What a search from this peer's control socket finds (empty when the daemon does not answer). */
    List<ControlReply.Hit> search(int peer, String query) {
        try {
            ControlReply reply = ControlClient.call(home(peer), new ControlRequest.Search(query, 20));
            return reply instanceof ControlReply.SearchResults r ? r.hits() : List.of();
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    /** The network namespace of peer {@code peer}, for {@code ip netns exec}. */
    String namespace(int peer) {
        return prefix + "-" + peer;
    }

    Home home(int peer) {
        return new Home(state.resolve("home" + peer));
    }

    /** Peer {@code peer}'s status straight from its control socket (milliseconds, unlike a new JVM per call). */
    Optional<ControlReply.Status> status(int peer) {
        try {
            return Optional.of((ControlReply.Status) ControlClient.call(home(peer), new ControlRequest.Status()));
        } catch (RuntimeException e) {
            lastFailure = e;
            return Optional.empty();
        }
    }

    private volatile RuntimeException lastFailure;

    /** The leader all the given peers follow, once each of them sees exactly {@code members} members. */
    Optional<String> agreedLeader(int members, int... peers) {
        String leader = null;
        for (int peer : peers) {
            Optional<ControlReply.Status> status = status(peer);
            if (status.isEmpty() || status.get().leader() == null || status.get().members().size() != members
                    || (leader != null && !leader.equals(status.get().leader()))) {
                return Optional.empty();
            }
            leader = status.get().leader();
        }
        return Optional.ofNullable(leader);
    }

    /** The leader all the given peers follow, whatever members they see. */
    Optional<String> agreedLeader(int... peers) {
        String leader = null;
        for (int peer : peers) {
            Optional<ControlReply.Status> status = status(peer);
            if (status.isEmpty() || status.get().leader() == null
                    || (leader != null && !leader.equals(status.get().leader()))) {
                return Optional.empty();
            }
            leader = status.get().leader();
        }
        return Optional.ofNullable(leader);
    }

    String peerId(int peer) {
        return status(peer).orElseThrow(() -> new AssertionError("peer " + peer + " does not answer: " + lastFailure
                + "\n" + tail(home(peer).dir().resolve("daemon.out")) + tail(home(peer).log()), lastFailure)).peerId();
    }

    static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            return "--- " + file + "\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()))
                    + "\n";
        } catch (IOException e) {
            return "--- " + file + ": " + e.getMessage() + "\n";
        }
    }

    /** The discovery lines of every peer's log, for failure messages. */
    String logs(int peers) {
        StringBuilder text = new StringBuilder();
        for (int peer = 1; peer <= peers; peer++) {
            text.append("--- peer ").append(peer).append('\n');
            try {
                for (String line : Files.readAllLines(home(peer).log())) {
                    if (line.contains("discovery") || line.contains("Discovery")) {
                        text.append(line).append('\n');
                    }
                }
            } catch (IOException e) {
                text.append("(no log: ").append(e.getMessage()).append(")\n");
            }
        }
        return text.toString();
    }

    /**
     * Polls every 50 ms until the condition holds, at most {@code limit} after {@code since} (a
     * {@link System#nanoTime()}); returns the time from {@code since} until it held.
     */
    static Duration await(String what, long since, Duration limit, java.util.function.Supplier<Boolean> condition,
                          java.util.function.Supplier<String> diagnostics) throws InterruptedException {
        long start = since;
        long deadline = start + limit.toNanos();
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + limit.toMillis() + " ms: " + what + "\n" + diagnostics.get());
            }
            Thread.sleep(50);
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        lan("down");
    }
}
