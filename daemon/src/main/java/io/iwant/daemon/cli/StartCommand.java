package io.iwant.daemon.cli;

import io.iwant.daemon.Daemon;
import io.iwant.daemon.StartOptions;
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
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code iwanto start}: runs the daemon in the foreground until {@code iwanto stop}, SIGTERM or Ctrl-C. Prints a
 * short banner; everything else goes to the home's log. Added to the client's command tree by name.
 */
@Command(name = "start", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the iwant daemon in the foreground (headless) until 'iwanto stop', SIGTERM or Ctrl-C.",
                "Options given here are saved in the home (config.properties, network.key) and used by later starts."},
        footer = {"", "Examples:",
                "  iwanto start                                  share ~/iwant/shared, default interface",
                "  iwanto start --interface eth0 --share ~/Films",
                "  iwanto start --peers 192.168.1.20:7377,192.168.1.21:7377   (multicast blocked)",
                "  iwanto key new ~/iwant.key && iwanto start --network-key ~/iwant.key   (a private network)",
                "  iwanto --home /tmp/peer2 start --interface lo --port 0     (a second peer on this machine)"})
public final class StartCommand implements Callable<Integer> {
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

    @Option(names = "--share", paramLabel = "DIR", description = "The folder to share.")
    Path share;

    @Option(names = "--downloads", paramLabel = "DIR", description = "Where downloads go (created if missing).")
    Path downloads;

    @Option(names = "--network-key", paramLabel = "FILE|none",
            description = "Join the private network of this key (a file with the line of 'iwanto key new', "
                    + "readable by its owner only); saved in the home as network.key. 'none': an open network again.")
    String networkKey;

    @Override
    public Integer call() throws Exception {
        if (port != null && (port < 0 || port > 65535)) {
            throw new ParameterException(spec.commandLine(), "--port must be between 0 and 65535");
        }
        if (group != null && !group.matches(".+:\\d{1,5}")) {
            throw new ParameterException(spec.commandLine(), "--group must look like 239.255.77.77:7377");
        }
        Home home = ((HomeAware) spec.root().userObject()).home();
        System.setProperty("iwant.home", home.dir().toString());
        PrintWriter out = spec.commandLine().getOut();
        StartOptions options = new StartOptions(networkInterface, group, port, peers, share, downloads,
                networkKey);
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
        out.println("stop it with: iwanto" + homeArg(daemon.home()) + " stop");
        out.flush();
    }

    private static String homeArg(Home home) {
        Home standard = Home.resolve(null, System.getenv());
        return standard.equals(home) ? "" : " --home " + home;
    }

}
