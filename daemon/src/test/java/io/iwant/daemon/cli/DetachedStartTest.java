package io.iwant.daemon.cli;

import io.iwant.protocol.home.Home;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The background daemon's command line: the same JVM, options and start, without {@code --detach}. */
class DetachedStartTest {
    private static final Path JAVA = Path.of("/opt/java/bin/java");
    private static final List<String> JVM = List.of("-Xmx256m", "-XX:+UseG1GC");

    @Test
    void a_daemon_started_from_a_jar_is_started_again_from_that_jar_so_its_manifest_still_applies() {
        assertEquals(List.of("/opt/java/bin/java", "-Xmx256m", "-XX:+UseG1GC", "-jar", "/opt/iwant/iwanto.jar",
                        "--home=/h", "start"),
                DetachedStart.command(Optional.empty(), JAVA, JVM, "/opt/iwant/iwanto.jar", "io.iwant.tui.Main",
                        List.of("--home=/h", "start")));
    }

    @Test
    void a_daemon_started_from_a_class_path_is_started_again_with_that_class_path_and_main_class() {
        String classPath = "/a/classes" + File.pathSeparator + "/b/lib.jar";
        assertEquals(List.of("/usr/bin/setsid", "/opt/java/bin/java", "-Xmx256m", "-XX:+UseG1GC", "-cp", classPath,
                        "io.iwant.tui.Main", "start"),
                DetachedStart.command(Optional.of(Path.of("/usr/bin/setsid")), JAVA, JVM, classPath,
                        "io.iwant.tui.Main", List.of("start")));
    }

    @Test
    void the_background_start_gets_every_option_given_but_detach_with_values_that_may_start_with_a_dash() {
        StartCommand start = parse("start", "--detach", "--interface", "lo", "--port", "0", "--peers", "a:1,b:2",
                "--share", "-odd", "--downloads", "/d", "--group", "239.1.2.3:9", "--network-key", "none");
        Path here = Path.of("").toAbsolutePath();
        assertEquals(List.of("--home=/h", "start", "--interface=lo", "--group=239.1.2.3:9", "--port=0",
                        "--peers=a:1,b:2", "--share=" + here.resolve("-odd"), "--downloads=/d", "--network-key=none"),
                start.sameStart(new Home(Path.of("/h"))));
        assertEquals(List.of("--home=/h", "start"), parse("start", "--detach").sameStart(new Home(Path.of("/h"))));
    }

    @Test
    void the_background_daemon_runs_in_its_home_so_relative_paths_are_made_absolute_first() {
        Path here = Path.of("").toAbsolutePath();
        StartCommand start = parse("start", "--detach", "--share", "films", "--downloads", "../in",
                "--network-key", "keys/net.key");
        assertEquals(List.of("--home=/h", "start", "--share=" + here.resolve("films"),
                        "--downloads=" + here.resolve("../in"), "--network-key=" + here.resolve("keys/net.key")),
                start.sameStart(new Home(Path.of("/h"))));
    }

    private static StartCommand parse(String... args) {
        StartCommand start = new StartCommand();
        CommandLine cli = new CommandLine(start);
        cli.parseArgs(List.of(args).subList(1, args.length).toArray(String[]::new));
        return start;
    }
}
