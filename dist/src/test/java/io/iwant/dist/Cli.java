package io.iwant.dist;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Runs the real {@code iwanto} jar as a user would, in separate processes. */
public final class Cli {
    public static final Path JAR = Path.of(System.getProperty("iwant.jar", "target/iwanto.jar")).toAbsolutePath();
    public static final Path REPO = Path.of(System.getProperty("iwant.repo", "..")).toAbsolutePath().normalize();

    private Cli() {
    }

    /** What a finished command left: its exit code and what it printed. */
    public record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    public static List<String> command(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-jar");
        cmd.add(JAR.toString());
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Runs a one-shot command to its end (30 s at most). */
    public static Result run(String... args) throws IOException, InterruptedException {
        return exec(command(args), Duration.ofSeconds(30));
    }

    public static Result exec(List<String> cmd, Duration limit) throws IOException, InterruptedException {
        return exec(cmd, System.getenv(), limit);
    }

    /** Runs a command to its end with {@code environment} as its whole environment. */
    public static Result exec(List<String> cmd, Map<String, String> environment, Duration limit)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile("iwanto", ".out");
        Path err = Files.createTempFile("iwanto", ".err");
        try {
            ProcessBuilder builder = new ProcessBuilder(cmd);
            builder.environment().clear();
            builder.environment().putAll(environment);
            Process p = builder.redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("timed out after " + limit + ": " + cmd);
            }
            Result result = new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
            quiet(cmd, result.out() + result.err());
            return result;
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /**
     * Fails if a command printed a JVM warning: a user reads "WARNING: ... will be removed" as a broken tool. Every
     * command of every IT passes here, so CI on Java 25 checks all of them (issue 19).
     */
    static void quiet(List<String> cmd, String output) {
        output.lines().filter(line -> line.startsWith("WARNING:")).findFirst().ifPresent(line -> {
            throw new AssertionError("the JVM warned (" + line + ") running " + cmd);
        });
    }

    /** A daemon in the background; its output goes to files beside the home. */
    public record Daemon(Process process, Path out, Path err) implements AutoCloseable {
        public String output() throws IOException {
            return Files.readString(out) + Files.readString(err);
        }

        @Override
        public void close() throws InterruptedException {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
            try {
                quiet(process.info().commandLine().map(List::of).orElse(List.of("iwanto start")), output());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * Starts a daemon the way {@code scripts/iwanto start} does: with the daemon's JVM options from
     * {@code dist/jvm/daemon.options} (heap and direct-memory caps, collector).
     */
    public static Daemon start(Path home, String... startArgs) throws IOException {
        List<String> args = new ArrayList<>(List.of("--home", home.toString(), "start"));
        args.addAll(List.of(startArgs));
        Files.createDirectories(home.getParent());
        Path out = home.resolveSibling(home.getFileName() + ".out");
        Path err = home.resolveSibling(home.getFileName() + ".err");
        List<String> cmd = command(args.toArray(String[]::new));
        cmd.add(1, "@" + REPO.resolve("dist/jvm/daemon.options"));
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile())
                .redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        return new Daemon(p, out, err);
    }

    /** Starts a daemon as {@link #start} does and returns once it answers {@code status} (20 s at most). */
    public static Daemon startAnswering(Path home, String... startArgs) throws IOException, InterruptedException {
        Daemon daemon = start(home, startArgs);
        await("the daemon answers", Duration.ofSeconds(20), () -> {
            try {
                return run("--home", home.toString(), "status").exit() == 0;
            } catch (IOException | InterruptedException e) {
                return false;
            }
        });
        return daemon;
    }

    /** Polls until the condition holds or the deadline passes. */
    public static void await(String what, Duration limit, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + limit + ": " + what);
            }
            Thread.sleep(25);
        }
    }
}
