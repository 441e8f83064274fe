package io.iwant.tui.cli;

import io.iwant.protocol.UserError;
import io.iwant.protocol.home.Home;
import io.iwant.protocol.home.HomeAware;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

/** The root command. Without a subcommand it opens the full-screen UI. */
@Command(name = "iwanto", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Find and download files from the machines around you.", "",
                "Without a command, opens the full-screen UI."},
        subcommands = {StopCommand.class, StatusCommand.class, SearchCommand.class, DownloadCommand.class,
                CatCommand.class, PlayCommand.class, ShareCommand.class, ViewCommand.class, KeyCommand.class,
                DoctorCommand.class},
        footer = {"", "Home: --home DIR, else $IWANT_HOME, else ~/.iwant. Log: <home>/iwant.log.",
                "Exit codes: 0 done, 1 request failed, 2 usage error, 3 no daemon running."})
public final class Iwanto implements Callable<Integer>, HomeAware {
    /** The daemon's {@code start} command lives in the daemon module; it is added when that module is present. */
    static final String START_COMMAND = "io.iwant.daemon.cli.StartCommand";

    @Spec
    CommandSpec spec;

    @Option(names = "--home", paramLabel = "DIR", scope = ScopeType.INHERIT,
            description = "The daemon's home folder (config, log, database, control socket).")
    String home;

    @Override
    public Home home() {
        return Home.resolve(home, System.getenv());
    }

    @Override
    public Integer call() {
        return FullScreenLauncher.launch(home(), spec.commandLine().getErr());
    }

    /** Parses and runs one command line; returns the process exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine cli = commandLine(out, err);
        return cli.execute(args);
    }

    /** The whole command tree, {@code start} with it; the release's completion and man page are made from it too. */
    public static CommandLine commandLine(PrintStream out, PrintStream err) {
        return commandLine(out, err, START_COMMAND);
    }

    /** The command line with {@code start} loaded from {@code startClass}. */
    static CommandLine commandLine(PrintStream out, PrintStream err, String startClass) {
        Iwanto root = new Iwanto();
        CommandLine cli = new CommandLine(root);
        addStart(cli, startClass);
        cli.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        cli.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        cli.setExecutionExceptionHandler(new Failures(root));
        cli.setParameterExceptionHandler(Failures::usage);
        return cli;
    }

    /**
     * Adds {@code start}, loaded by name so that the client does not depend on the daemon: without the class (a
     * client-only build) or with a class that cannot be loaded (a broken install), {@code start} says so.
     */
    private static void addStart(CommandLine cli, String className) {
        Object start;
        try {
            start = Class.forName(className).getDeclaredConstructor().newInstance();
        } catch (ClassNotFoundException e) {
            start = new StartUnavailable(className, null);
        } catch (ReflectiveOperationException | LinkageError e) {
            start = new StartUnavailable(className, e);
        }
        cli.addSubcommand("start", start);
    }
}
