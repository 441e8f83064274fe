package io.iwant.daemon.cli;

import io.iwant.protocol.UserError;
import io.iwant.protocol.home.Home;
import io.iwant.protocol.text.TerminalText;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code iwanto start --detach}: the same start again in a new process that outlives this one. The new process runs
 * with this JVM's options (the launcher's daemon options with them), takes the same options without
 * {@code --detach}, runs in the home (so that it holds no other folder open), and appends what it prints to the
 * home's start log. This process returns once the new one prints
 * the banner's last line (its control socket answers by then), or shows its one-line error if it ends first.
 */
final class DetachedStart {
    /** Where the background daemon's own output goes: its banner, its one-line error, whatever the JVM says. */
    static final String START_LOG = "start.log";
    /** How long a daemon may take to come up before this gives up waiting (it is left running). */
    private static final long PATIENCE_SECONDS = 60;
    /** On Linux, the daemon gets a session of its own, so a terminal that closes cannot hang it up. */
    private static final List<Path> SETSID = List.of(Path.of("/usr/bin/setsid"), Path.of("/bin/setsid"));

    private DetachedStart() {
    }

    /** Starts the daemon in the background with {@code args} (the full command line, {@code --detach} left out). */
    static int run(Home home, List<String> args, PrintWriter out, PrintWriter err)
            throws IOException, InterruptedException {
        home.create();
        Path log = home.dir().resolve(START_LOG);
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = command(setsid(), java, ManagementFactory.getRuntimeMXBean().getInputArguments(),
                System.getProperty("java.class.path"), mainClass(), args);
        // appended to, never truncated: a daemon already running on this home may still write to it
        long before = Files.exists(log) ? Files.size(log) : 0;
        Process daemon = new ProcessBuilder(command).directory(home.dir().toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(nullDevice())).start();
        long deadline = System.nanoTime() + PATIENCE_SECONDS * 1_000_000_000L;
        while (true) {
            boolean ended = !daemon.isAlive();
            String printed = read(log, before);
            if (ended) {
                return failed(daemon.exitValue(), printed, home, err);
            }
            if (printed.lines().anyMatch(line -> line.startsWith(StartCommand.LAST_BANNER_LINE))) {
                out.print(printed);
                out.println("running in the background (pid " + daemon.pid() + "); what it prints goes to " + log);
                out.flush();
                return 0;
            }
            if (System.nanoTime() > deadline) {
                throw UserError.failed("the iwant daemon (pid " + daemon.pid() + ") has not come up within "
                        + PATIENCE_SECONDS + " seconds; it is left running: see " + log + " and " + home.log());
            }
            Thread.sleep(25);
        }
    }

    /**
     * The command of the background daemon: the same JVM options, the same jar (with {@code -jar}, so that its
     * manifest still applies) or class path and main class, then {@code args}.
     */
    static List<String> command(Optional<Path> setsid, Path java, List<String> jvmOptions, String classPath,
                                String mainClass, List<String> args) {
        List<String> command = new ArrayList<>();
        setsid.ifPresent(path -> command.add(path.toString()));
        command.add(java.toString());
        command.addAll(jvmOptions);
        if (classPath.endsWith(".jar") && !classPath.contains(File.pathSeparator)) {
            command.add("-jar");
            command.add(classPath);
        } else {
            command.add("-cp");
            command.add(classPath);
            command.add(mainClass);
        }
        command.addAll(args);
        return command;
    }

    /** The daemon ended before it was running: its own words (one sentence, as every failure), and its code. */
    private static int failed(int exit, String printed, Home home, PrintWriter err) {
        List<String> lines = printed.strip().lines().map(TerminalText::clean).toList();
        if (lines.isEmpty()) {
            err.println("the iwant daemon did not start (exit " + exit + "); see " + home.log());
        } else {
            err.println("the iwant daemon did not start: " + lines.get(0));
            lines.subList(1, lines.size()).forEach(err::println);
        }
        err.flush();
        return exit == 0 ? UserError.FAILED : exit;
    }

    /**
     * What the log holds past {@code from}: what this daemon has printed so far, with whatever another daemon of
     * the home appended meanwhile. A character cut in half at the end reads as a replacement.
     */
    private static String read(Path log, long from) throws IOException {
        try (SeekableByteChannel channel = Files.newByteChannel(log)) {
            channel.position(from);
            return new String(Channels.newInputStream(channel).readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Optional<Path> setsid() {
        return SETSID.stream().filter(Files::isExecutable).findFirst();
    }

    /** The class whose {@code main} this process started in (the bottom frame of this thread, the main thread). */
    private static String mainClass() {
        return StackWalker.getInstance().walk(frames -> frames.reduce((first, last) -> last))
                .map(StackWalker.StackFrame::getClassName).orElseThrow();
    }

    private static File nullDevice() {
        return new File(System.getProperty("os.name", "").startsWith("Windows") ? "NUL" : "/dev/null");
    }
}
