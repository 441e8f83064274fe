package io.iwant.daemon.cli;

import io.iwant.daemon.Daemon;
import io.iwant.daemon.StartOptions;
import io.iwant.daemon.network.KeyChoice;
import io.iwant.protocol.home.Home;
import io.iwant.protocol.home.HomeAware;
import io.iwant.protocol.home.Settings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code iwanto start}: runs the daemon in the foreground until {@code iwanto stop}, SIGTERM or Ctrl-C, or with
 * {@code --detach} in the background ({@link DetachedStart}). Prints a short banner; everything else goes to the
 * home's log. Added to the client's command tree by name.
 */
@Command(name = "start", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the iwant daemon in the foreground (headless) until 'iwanto stop', SIGTERM or Ctrl-C.",
                "Options given here are saved in the home (config.properties, network.key) and used by later starts."},
        footer = {"", "Examples:",
                "  iwanto start                                  share ~/iwant/shared, default interface",
                "  iwanto start --detach                         the same in the background; stop it with iwanto stop",
                "  iwanto start --interface eth0 --share ~/Films",
                "  iwanto start --peers 192.168.1.20:7377,192.168.1.21:7377   (multicast blocked)",
                "  iwanto start --sweep off                      never beacon to the whole subnet",
                "  iwanto key new ~/iwant.key && iwanto start --network-key ~/iwant.key   (a private network)",
                "  iwanto --home /tmp/peer2 start --interface lo --port 0     (a second peer on this machine)"})
public final class StartCommand implements Callable<Integer> {
    /** How the banner ends: once a daemon has printed it, its control socket answers. */
    static final String LAST_BANNER_LINE = "stop it with: iwanto";

    @Spec
    CommandSpec spec;

    @Option(names = "--interface", paramLabel = "NAME|ADDR",
            description = "Network interface for discovery, by name (eth0) or address (192.168.1.5). "
                    + "Default: the interface of the default route.")
    String networkInterface;

    @Option(names = "--group", paramLabel = "ADDR:PORT",
            description = "Multicast group and UDP port of the beacons (default " + Settings.DEFAULT_GROUP + ").")
    String group;

    @Option(names = "--port", paramLabel = "N",
            description = "TCP port for peers (default " + Settings.DEFAULT_PORT + ", 0 = any free port).")
    Integer port;

    @Option(names = "--peers", paramLabel = "HOST:PORT,...", split = ",",
            description = "Static peers that get beacons by unicast UDP, for networks that block multicast.")
    List<String> peers;

    @Option(names = "--sweep", paramLabel = "auto|on|off",
            description = "While multicast finds nobody, beacon to every address of the interface's subnet on the "
                    + "discovery port, about 50 a second, every 10 minutes. auto (default): on subnets of up to 1024 "
                    + "addresses (a /22); on: also on larger ones (then the /24 around this address); off: never.")
    String sweep;

    @Option(names = "--share", paramLabel = "DIR", description = "The folder to share.")
    Path share;

    @Option(names = "--downloads", paramLabel = "DIR", description = "Where downloads go (created if missing).")
    Path downloads;

    @Option(names = "--network-key", paramLabel = "FILE|none",
            description = "Join the private network of this key (a file with the line of 'iwanto key new', "
                    + "readable by its owner only); saved in the home as network.key. 'none': an open network again.")
    String networkKey;

    @Option(names = "--detach",
            description = "Start in the background and return once the daemon answers; what it prints goes to "
                    + "<home>/" + DetachedStart.START_LOG + ".")
    boolean detach;

    @Override
    public Integer call() throws Exception {
        if (port != null && (port < 0 || port > 65535)) {
            throw new ParameterException(spec.commandLine(), "--port must be between 0 and 65535");
        }
        if (group != null && !group.matches(".+:\\d{1,5}")) {
            throw new ParameterException(spec.commandLine(), "--group must look like 239.255.77.77:7377");
        }
        if (sweep != null && !Settings.SWEEPS.contains(sweep)) {
            throw new ParameterException(spec.commandLine(), "--sweep must be auto, on or off");
        }
        Home home = ((HomeAware) spec.root().userObject()).home();
        System.setProperty("iwant.home", home.dir().toString());
        PrintWriter out = spec.commandLine().getOut();
        if (detach) {
            return DetachedStart.run(home, sameStart(home), out, spec.commandLine().getErr());
        }
        StartOptions options = new StartOptions(networkInterface, group, port, peers, share, downloads,
                networkKey, sweep);
        Daemon daemon = Daemon.start(home, options);
        AtomicReference<Daemon> running = new AtomicReference<>(daemon);
        Thread hook = new Thread(() -> {
            Daemon d = running.getAndSet(null);
            if (d != null) {
                d.close();
            }
        }, "shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        banner(out, daemon);
        daemon.awaitStop();
        Daemon d = running.getAndSet(null);
        if (d != null) {
            d.close();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down
        }
        out.println("iwant daemon stopped");
        return 0;
    }

    private static void banner(PrintWriter out, Daemon daemon) {
        Settings s = daemon.settings();
        out.println("iwant daemon " + daemon.peerId() + " running");
        for (String notice : daemon.notices()) {
            out.println("  " + notice);
        }
        out.println("  network    " + daemon.network());
        out.println("  access     " + daemon.access());
        out.println("  home       " + daemon.home());
        out.println("  sharing    " + s.share());
        out.println("  downloads  " + s.downloads());
        out.println("  log        " + daemon.home().log());
        out.println(LAST_BANNER_LINE + homeArg(daemon.home()) + " stop");
        out.flush();
    }

    /**
     * This start's command line without {@code --detach}, for the daemon that runs in the background, in its home:
     * the paths made absolute here.
     */
    List<String> sameStart(Home home) {
        List<String> args = new ArrayList<>(List.of("--home=" + home.dir(), "start"));
        option(args, "--interface", networkInterface);
        option(args, "--group", group);
        option(args, "--port", port);
        option(args, "--peers", peers == null ? null : String.join(",", peers));
        option(args, "--sweep", sweep);
        option(args, "--share", share == null ? null : share.toAbsolutePath());
        option(args, "--downloads", downloads == null ? null : downloads.toAbsolutePath());
        option(args, "--network-key", networkKey == null || networkKey.equals(KeyChoice.NONE) ? networkKey
                : Path.of(networkKey).toAbsolutePath());
        return args;
    }

    /** {@code --name=value}, so that a value that starts with a dash stays a value. */
    private static void option(List<String> args, String name, Object value) {
        if (value != null) {
            args.add(name + "=" + value);
        }
    }

    private static String homeArg(Home home) {
        Home standard = Home.resolve(null, System.getenv());
        return standard.equals(home) ? "" : " --home " + home;
    }

}
