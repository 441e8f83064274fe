package io.iwant.dist;

import com.fasterxml.jackson.jr.ob.JSON;
import io.iwant.tui.cli.Iwanto;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The release archive as a user gets it: unpacked, and run with a Java runtime and a few POSIX tools only (no Maven,
 * no java on PATH). Daemons run on the loopback interface only.
 */
class ReleaseIT {
    private static final Path ARCHIVE = Path.of(System.getProperty("iwant.archive", "target/iwant.tar.gz"))
            .toAbsolutePath();
    private static final String GROUP = "239.255.78." + (1 + new Random().nextInt(250)) + ":"
            + (20_000 + new Random().nextInt(40_000));
    /** What the launcher and the install script may call, besides the shell; Java comes from JAVA_HOME. */
    private static final List<String> TOOLS = List.of("ls", "dirname", "sed", "head", "cksum", "cut", "find",
            "mkdir", "mv", "rm", "tar", "gzip", "mktemp", "cp", "chmod", "grep", "awk", "rmdir");
    private static final Duration LIMIT = Duration.ofSeconds(60);

    @TempDir
    static Path world;
    /** The unpacked archive, iwant-VERSION/. */
    static Path tree;

    @TempDir
    Path tmp;

    @BeforeAll
    static void unpack() throws Exception {
        Path tools = Files.createDirectories(world.resolve("tools"));
        for (String tool : TOOLS) {
            Path found = Stream.of("/usr/bin", "/bin").map(dir -> Path.of(dir, tool)).filter(Files::isExecutable)
                    .findFirst().orElseThrow(() -> new AssertionError(tool + " is not installed"));
            // a script rather than a link, which the temporary folder's clean-up would warn about
            Path wrapper = Files.writeString(tools.resolve(tool), "#!/bin/sh\nexec " + found + " \"$@\"\n");
            Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Path unpacked = Files.createDirectories(world.resolve("unpacked"));
        Cli.Result untar = Cli.exec(List.of("tar", "-xzf", ARCHIVE.toString(), "-C", unpacked.toString()), LIMIT);
        assertEquals(0, untar.exit(), untar.toString());
        try (Stream<Path> top = Files.list(unpacked)) {
            tree = top.findFirst().orElseThrow();
        }
        assertTrue(tree.getFileName().toString().startsWith("iwant-"), tree.toString());
    }

    @Test
    void with_only_a_java_runtime_two_detached_daemons_share_search_download_and_stop() throws Exception {
        byte[] content = new byte[3 << 20];
        new Random(17).nextBytes(content);
        Path shareA = Files.createDirectories(tmp.resolve("shareA"));
        Files.write(shareA.resolve("release-check.bin"), content);
        Path homeA = tmp.resolve("homeA");
        Path homeB = Files.createDirectories(tmp.resolve("homeB"));
        Files.writeString(homeB.resolve("daemon.options"), "-Xmx300m\n"); // the home's own options come last
        List<Long> pids = new ArrayList<>();
        try {
            pids.add(startDetached(homeA, shareA, tmp.resolve("downloadsA")));
            pids.add(startDetached(homeB, Files.createDirectories(tmp.resolve("shareB")), tmp.resolve("downloadsB")));
            List<String> daemonA = ProcessHandle.of(pids.get(0)).orElseThrow().info().arguments().map(List::of)
                    .orElseThrow();
            // the caps, the collector that gives memory back when idle, and glibc's malloc kept lean
            assertTrue(daemonA.containsAll(List.of("-Xmx384m", "-XX:MaxDirectMemorySize=192m", "-XX:+UseG1GC",
                    "-XX:G1PeriodicGCInterval=15000", "-XX:MaxHeapFreeRatio=30", "-XX:ReservedCodeCacheSize=64m",
                    "-XX:MaxMetaspaceSize=128m", "-Xss512k")), daemonA.toString());
            String environment = Files.readString(Path.of("/proc/" + pids.get(0) + "/environ"));
            assertTrue(List.of(environment.split("\0")).containsAll(
                    List.of("MALLOC_ARENA_MAX=2", "MALLOC_MMAP_THRESHOLD_=262144")), environment);
            List<String> daemonB = ProcessHandle.of(pids.get(1)).orElseThrow().info().arguments().map(List::of)
                    .orElseThrow();
            assertTrue(daemonB.indexOf("-Xmx300m") > daemonB.indexOf("-Xmx384m"), daemonB.toString());

            String[] hash = new String[1];
            Cli.await("B finds A's file", Duration.ofSeconds(30), () -> {
                Cli.Result search = iwanto(homeB, "search", "release-check", "--json");
                try {
                    List<Object> found = search.exit() == 0 ? JSON.std.listFrom(search.out()) : List.of();
                    if (!found.isEmpty()) {
                        hash[0] = (String) ((Map<?, ?>) found.get(0)).get("hash");
                    }
                    return hash[0] != null;
                } catch (IOException e) {
                    throw new AssertionError(search.toString(), e);
                }
            });
            Cli.Result download = iwanto(homeB, "download", hash[0], "--quiet");
            assertEquals(0, download.exit(), download.toString());
            assertArrayEquals(content, Files.readAllBytes(tmp.resolve("downloadsB/release-check.bin")));

            for (Path home : List.of(homeA, homeB)) {
                Cli.Result stop = iwanto(home, "stop");
                assertEquals(0, stop.exit(), stop.toString());
            }
            Cli.await("both daemons ended", Duration.ofSeconds(10),
                    () -> pids.stream().noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive)
                            .orElse(false)));
        } finally {
            pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        }
    }

    /** Starts a daemon with {@code start --detach}; returns its pid once the command has returned. */
    private long startDetached(Path home, Path share, Path downloads) throws Exception {
        long t0 = System.nanoTime();
        Cli.Result start = iwanto(home, "start", "--detach", "--interface", "lo", "--group", GROUP, "--port", "0",
                "--share", share.toString(), "--downloads", downloads.toString());
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("start --detach returned in %d ms%n", ms);
        assertEquals(0, start.exit(), start.toString());
        assertTrue(ms < 5_000, "start --detach took " + ms + " ms:\n" + start);
        assertTrue(start.out().contains("running in the background (pid "), start.out());
        assertTrue(start.out().contains(home.resolve("iwant.log").toString()), "says where its log is: " + start);
        Cli.Result status = iwanto(home, "status");
        assertEquals(0, status.exit(), "it answers at once: " + status);
        return Long.parseLong(Files.readString(home.resolve("lock")).strip());
    }

    @Test
    void a_detached_start_that_fails_says_why_in_the_daemons_own_words() throws Exception {
        Cli.Result start = iwanto(tmp.resolve("home"), "start", "--detach", "--interface", "lo", "--group", GROUP,
                "--port", "0", "--network-key", tmp.resolve("no-such.key").toString());
        assertEquals(1, start.exit(), start.toString());
        assertTrue(start.err().startsWith("the iwant daemon did not start: there is no network key file at "),
                start.err());
        assertEquals(1, start.err().lines().count(), start.err());
    }

    @Test
    void without_java_17_or_later_the_launcher_says_so_in_one_sentence() throws Exception {
        Map<String, String> noJava = environment();
        noJava.remove("JAVA_HOME");
        Cli.Result none = Cli.exec(List.of(launcher(), "--version"), noJava, LIMIT);
        assertEquals(1, none.exit(), none.toString());
        assertEquals("iwanto: iwant needs a Java 17 or later runtime, and none was found: install one, or set "
                + "JAVA_HOME to it\n", none.err());

        for (String old : List.of("11.0.2", "1.8.0_412")) {
            Path javaHome = Files.createDirectories(tmp.resolve(old).resolve("bin")).getParent();
            Files.writeString(javaHome.resolve("release"), "JAVA_VERSION=\"" + old + "\"\n");
            Path java = Files.writeString(javaHome.resolve("bin/java"), "#!/bin/sh\nexit 0\n");
            Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
            Map<String, String> oldJava = environment();
            oldJava.put("JAVA_HOME", javaHome.toString());
            Cli.Result tooOld = Cli.exec(List.of(launcher(), "--version"), oldJava, LIMIT);
            assertEquals(1, tooOld.exit(), tooOld.toString());
            assertEquals("iwanto: iwant needs Java 17 or later, and " + java + " is Java " + old
                    + ": install a newer one and set JAVA_HOME to it\n", tooOld.err());
        }
    }

    @Test
    void a_one_shot_command_keeps_its_class_data_in_the_users_cache_and_writes_nothing_into_the_install()
            throws Exception {
        Map<String, String> before = snapshot(tree);
        Cli.Result config = iwanto(tmp.resolve("nobody"), "view", "config");
        assertEquals(0, config.exit(), config.toString());
        assertTrue(config.out().contains("not running"), config.out());
        try (Stream<Path> cache = Files.list(world.resolve("cache/iwant"))) {
            assertTrue(cache.anyMatch(file -> file.toString().endsWith(".jsa")), "a class-data archive in the cache");
        }
        assertEquals(before, snapshot(tree));
    }

    @Test
    void bash_completion_loads_and_offers_the_real_commands_and_options() throws Exception {
        Path completion = tree.resolve("share/bash-completion/completions/iwanto");
        Cli.Result loaded = Cli.exec(List.of("bash", "-c", "source \"$1\"; complete -p iwanto", "_",
                completion.toString()), LIMIT);
        assertEquals(0, loaded.exit(), loaded.toString());
        assertTrue(loaded.out().contains("-F _complete_iwanto"), loaded.out());
        Cli.Result offered = Cli.exec(List.of("bash", "-c", "source \"$1\" 2>/dev/null; COMP_WORDS=(iwanto start --de);"
                + " COMP_CWORD=2; COMP_LINE='iwanto start --de'; _complete_iwanto 2>/dev/null; echo \"${COMPREPLY[*]}\"",
                "_", completion.toString()), LIMIT);
        assertEquals("--detach\n", offered.out(), offered.toString());
    }

    @Test
    void zsh_completion_completes_an_option_of_start() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/zsh")) || Files.isExecutable(Path.of("/bin/zsh")),
                "zsh is not installed");
        Path script = Files.writeString(tmp.resolve("complete.zsh"), String.join("\n",
                "zmodload zsh/zpty",
                "zpty z 'zsh -f -i'",
                "zpty -w z 'PS1=\"> \"; fpath=(" + tree.resolve("share/zsh/site-functions")
                        + " $fpath); autoload -U compinit; compinit -u -D; iwanto() { : }'",
                "zpty -w -n z $'iwanto start --det\\t'",
                "zpty -r z typed '*--detach*' && print completed",
                "zpty -d z", ""));
        Cli.Result r = Cli.exec(List.of("zsh", "-f", script.toString()), Duration.ofSeconds(30));
        assertEquals("completed\n", r.out(), r.toString());
    }

    @Test
    void the_man_page_renders_every_command() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/man")), "man is not installed");
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("MANWIDTH", "100");
        Cli.Result man = Cli.exec(List.of("man", "-l", tree.resolve("share/man/man1/iwanto.1").toString()), env,
                LIMIT);
        assertEquals(0, man.exit(), man.toString());
        assertEquals("", man.err(), "groff has nothing to say about the page");
        assertTrue(man.out().startsWith("IWANTO(1)"), man.out());
        PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        List<String> names = new ArrayList<>();
        commands(Iwanto.commandLine(nowhere, nowhere), names);
        assertTrue(names.containsAll(List.of("iwanto start", "iwanto stop", "iwanto view config")), names.toString());
        for (String name : names) {
            assertTrue(man.out().contains("\n   " + name + "\n"), "a section for " + name);
        }
        assertTrue(man.out().contains("--detach"), man.out());
    }

    private static void commands(CommandLine command, List<String> names) {
        for (CommandLine sub : command.getSubcommands().values()) {
            names.add(sub.getCommandSpec().qualifiedName());
            commands(sub, names);
        }
    }

    @Test
    void install_puts_everything_under_the_prefix_and_uninstall_leaves_it_as_it_was() throws Exception {
        Path prefix = tmp.resolve("prefix");
        Files.createDirectories(prefix.resolve("bin"));
        Files.writeString(prefix.resolve("bin/other-tool"), "#!/bin/sh\n");
        Files.createDirectories(prefix.resolve("share/man/man1"));
        Files.writeString(prefix.resolve("share/man/man1/other.1"), ".TH OTHER 1\n");
        Map<String, String> before = snapshot(prefix);

        Cli.Result install = install(Cli.REPO.resolve("scripts/install"), "--prefix", prefix.toString());
        assertEquals(0, install.exit(), install.toString());
        assertTrue(install.out().contains("  export PATH=\"" + prefix + "/bin:$PATH\"\n"), install.out());
        for (String file : List.of("bin/iwanto", "lib/iwant/iwanto.jar", "lib/iwant/daemon.options",
                "share/bash-completion/completions/iwanto", "share/zsh/site-functions/_iwanto",
                "share/man/man1/iwanto.1", "share/systemd/user/iwant.service")) {
            assertTrue(Files.isRegularFile(prefix.resolve(file)), file);
        }
        assertTrue(Files.readString(prefix.resolve("share/systemd/user/iwant.service"))
                .contains("\nExecStart=\"" + prefix + "/bin/iwanto\" start\n"));
        Cli.Result version = Cli.exec(List.of(prefix.resolve("bin/iwanto").toString(), "--version"), environment(),
                LIMIT);
        assertEquals(0, version.exit(), version.toString());

        Cli.Result again = install(Cli.REPO.resolve("scripts/install"), "--prefix", prefix.toString());
        assertEquals(0, again.exit(), "an install replaces the one before it: " + again);

        Cli.Result uninstall = install(Cli.REPO.resolve("scripts/install"), "--prefix", prefix.toString(),
                "--uninstall");
        assertEquals(0, uninstall.exit(), uninstall.toString());
        assertEquals(before, snapshot(prefix));
    }

    @Test
    void the_archives_own_install_makes_a_new_prefix_and_takes_it_away_but_never_writes_over_a_stranger()
            throws Exception {
        Path fresh = tmp.resolve("fresh");
        Path prefix = fresh.resolve("usr");
        assertEquals(0, install(tree.resolve("install"), "--prefix", prefix.toString()).exit());
        assertTrue(Files.isExecutable(prefix.resolve("bin/iwanto")));
        Cli.Result uninstall = install(tree.resolve("install"), "--prefix", prefix.toString(), "--uninstall");
        assertEquals(0, uninstall.exit(), uninstall.toString());
        assertFalse(Files.exists(fresh), "the prefix and the folders above it that the install made are gone");

        Path taken = tmp.resolve("taken");
        Files.createDirectories(taken.resolve("bin"));
        Files.writeString(taken.resolve("bin/iwanto"), "someone else's\n");
        Map<String, String> before = snapshot(taken);
        Cli.Result refused = install(tree.resolve("install"), "--prefix", taken.toString());
        assertEquals(1, refused.exit(), refused.toString());
        assertEquals("install: " + taken + "/bin/iwanto is in the way: this script did not install it (remove it, or "
                + "choose another --prefix)\n", refused.err());
        assertEquals(before, snapshot(taken));
        Cli.Result notInstalled = install(tree.resolve("install"), "--prefix", taken.toString(), "--uninstall");
        assertEquals(1, notInstalled.exit(), notInstalled.toString());
        assertEquals(before, snapshot(taken));
    }

    @Test
    void systemd_accepts_the_installed_unit() throws Exception {
        Path analyze = Path.of("/usr/bin/systemd-analyze");
        assumeTrue(Files.isExecutable(analyze), "systemd-analyze is not installed");
        Path prefix = tmp.resolve("prefix");
        assertEquals(0, install(tree.resolve("install"), "--prefix", prefix.toString()).exit());
        Map<String, String> env = new HashMap<>(System.getenv());
        Path runtime = Files.createDirectory(tmp.resolve("run"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        env.put("XDG_RUNTIME_DIR", runtime.toString());
        env.put("PATH", prefix.resolve("bin") + ":/usr/bin:/bin"); // man finds the page for Documentation= by PATH
        Cli.Result verify = Cli.exec(List.of(analyze.toString(), "verify", "--user",
                prefix.resolve("share/systemd/user/iwant.service").toString()), env, LIMIT);
        assertEquals(0, verify.exit(), verify.toString());
        assertFalse(verify.out().contains("iwant.service") || verify.err().contains("iwant.service"),
                "no complaint about the unit: " + verify);
        assertEquals(0, install(tree.resolve("install"), "--prefix", prefix.toString(), "--uninstall").exit());
    }

    private static Cli.Result iwanto(Path home, String... args) {
        List<String> cmd = new ArrayList<>(List.of(launcher(), "--home", home.toString()));
        cmd.addAll(List.of(args));
        try {
            return Cli.exec(cmd, environment(), LIMIT);
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static Cli.Result install(Path script, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(script.toString()));
        cmd.addAll(List.of(args));
        return Cli.exec(cmd, environment(), LIMIT);
    }

    private static String launcher() {
        return tree.resolve("bin/iwanto").toString();
    }

    /** A user's environment with a Java runtime and the tools only: no Maven, no java on PATH. */
    private static Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", world.resolve("tools").toString());
        env.put("HOME", world.resolve("user").toString());
        env.put("XDG_CACHE_HOME", world.resolve("cache").toString());
        env.put("JAVA_HOME", System.getProperty("java.home"));
        return env;
    }

    /** Every folder and file below {@code dir} with what it holds and its mode: equal snapshots, equal trees. */
    private static Map<String, String> snapshot(Path dir) throws IOException {
        Map<String, String> entries = new TreeMap<>();
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
                entries.put(dir.relativize(p).toString(), Files.isDirectory(p) ? "dir " + mode
                        : mode + " " + Files.size(p) + " " + Arrays.hashCode(Files.readAllBytes(p)));
            }
        }
        return entries;
    }
}
