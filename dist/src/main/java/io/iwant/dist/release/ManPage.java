package io.iwant.dist.release;

import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * {@code iwanto(1)} in roff, made from the command tree itself: the root's description and options, then every
 * command with its synopsis, description, arguments, options and examples, then what lives outside the tree (the
 * launcher's environment, the files, the service, the exit codes).
 */
final class ManPage {
    /** Wide enough that picocli keeps every synopsis on one line. */
    private static final int UNWRAPPED = 10_000;

    private final StringBuilder roff = new StringBuilder();

    private ManPage() {
    }

    static String of(CommandLine root, String version) {
        return new ManPage().page(root, version);
    }

    private String page(CommandLine root, String version) {
        root.setUsageHelpWidth(UNWRAPPED); // roff wraps each synopsis where the reader's terminal needs it
        CommandSpec spec = root.getCommandSpec();
        String name = spec.name();
        String[] description = spec.usageMessage().description();
        line(".\\\" Made at build time from the " + name + " command tree by " + getClass().getName() + ".");
        line(".TH " + name.toUpperCase(Locale.ROOT) + " 1 \"\" " + quoted("iwant " + version) + " \"User Commands\"");
        line(".SH NAME");
        String summary = description[0].replaceAll("\\.$", "");
        line(escape(name) + " \\- " + escape(Character.toLowerCase(summary.charAt(0)) + summary.substring(1)));
        line(".SH SYNOPSIS");
        synopsis(spec);
        line(".SH DESCRIPTION");
        prose(List.of(description).subList(1, description.length));
        prose(List.of(name + " talks to a daemon, " + name + " start, which runs on every machine of the network, "
                + "finds the others, keeps an index of what they share and does the transfers."));
        line(".SH OPTIONS");
        options(spec);
        line(".SH COMMANDS");
        for (CommandLine sub : spec.subcommands().values()) {
            command(sub.getCommandSpec());
        }
        footer();
        return roff.toString();
    }

    private void command(CommandSpec spec) {
        if (spec.usageMessage().hidden()) {
            return;
        }
        line(".SS " + quoted(spec.qualifiedName()));
        synopsis(spec);
        prose(List.of(spec.usageMessage().description()));
        for (PositionalParamSpec param : spec.positionalParameters()) {
            if (!param.hidden() && param.description().length > 0) {
                item("\\fI" + escape(param.paramLabel()) + "\\fR", List.of(param.description()));
            }
        }
        options(spec);
        examples(spec.usageMessage().footer());
        for (CommandLine sub : spec.subcommands().values()) {
            command(sub.getCommandSpec());
        }
    }

    /** The command's own options; on commands below the root, not the help options nor those it inherits. */
    private void options(CommandSpec spec) {
        boolean root = spec.parent() == null;
        for (OptionSpec option : spec.options()) {
            boolean standard = option.usageHelp() || option.versionHelp();
            if (option.hidden() || (!root && (standard || option.inherited()))) {
                continue;
            }
            String names = List.of(option.names()).stream().map(n -> "\\fB" + escape(n) + "\\fR")
                    .collect(Collectors.joining(", "));
            item(option.arity().max() == 0 ? names : names + " \\fI" + escape(option.paramLabel()) + "\\fR",
                    List.of(option.description()));
        }
    }

    /**
     * Picocli's own synopsis on one filled line (roff breaks it where it fits the reader's terminal), or each line
     * of a custom synopsis as its own.
     */
    private void synopsis(CommandSpec spec) {
        String[] custom = spec.usageMessage().customSynopsis();
        List<String> usages = custom.length > 0 ? List.of(custom)
                : List.of(new Help(spec, Help.defaultColorScheme(Help.Ansi.OFF)).synopsis(0).strip());
        for (String usage : usages) {
            line(".PP");
            text(usage);
        }
    }

    /** A command's footer, examples mostly, kept as it is laid out. */
    private void examples(String[] footer) {
        List<String> lines = List.of(footer).stream().dropWhile(String::isBlank).toList();
        if (!lines.isEmpty()) {
            verbatim(lines);
        }
    }

    private void footer() {
        line(".SH ENVIRONMENT");
        item("IWANT_HOME", "The home when --home is not given; else ~/.iwant.");
        item("JAVA_HOME", "The Java runtime (17 or later) that runs iwanto; else the java on PATH.");
        item("IWANT_DAEMON_JAVA_OPTS", "More JVM options for the daemon, after the install's "
                + "lib/iwant/daemon.options (which caps the heap at 384 MiB and direct memory at 192 MiB, and has the "
                + "collector return memory when the daemon is idle).");
        item("XDG_CACHE_HOME", "Where the launcher keeps the class-data archive that makes one-shot commands start "
                + "quickly (XDG_CACHE_HOME/iwant, else ~/.cache/iwant).");
        line(".SH FILES");
        item("~/.iwant/config.properties", "The saved settings: folders, interface, group, port, static peers.");
        item("~/.iwant/iwant.log", "The daemon's log (rotated at 10 MB, three kept).");
        item("~/.iwant/start.log", "What daemons started with start --detach printed.");
        item("~/.iwant/daemon.options", "JVM options for this home's daemon, read after the install's and "
                + "IWANT_DAEMON_JAVA_OPTS; for example the line -Xmx512m for a larger heap.");
        item("~/.iwant/network.key, ~/.iwant/peer.key", "The private network's key and this peer's own key, "
                + "readable by their owner only.");
        item("share/systemd/user/iwant.service", "The systemd user unit that an install puts beside its other "
                + "files; it runs iwanto start in the foreground.");
        line(".SH RUNNING AS A SERVICE");
        verbatim(List.of("systemctl --user enable --now iwant", "journalctl --user -u iwant",
                "systemctl --user stop iwant     (or: iwanto stop)"));
        prose(List.of("Without systemd, iwanto start --detach starts the daemon in the background."));
        line(".SH EXIT STATUS");
        item("0", "Done.");
        item("1", "The request failed: not found, no peer has it, verification failed, an invalid folder.");
        item("2", "A usage error.");
        item("3", "No daemon answers on this home.");
        prose(List.of("Every error is one sentence on standard error; details go to the log."));
        line(".SH SEE ALSO");
        line("\\fBsystemctl\\fR(1), \\fBjournalctl\\fR(1)");
    }

    private void item(String tag, String body) {
        item("\\fB" + escape(tag) + "\\fR", List.of(body));
    }

    /** A tagged paragraph: {@code roffTag} (already roff) above its indented body. */
    private void item(String roffTag, List<String> body) {
        line(".TP");
        line(roffTag);
        boolean started = false;
        for (String l : body) {
            if (l.isBlank()) {
                if (started) {
                    line(".IP");
                }
            } else {
                text(l);
                started = true;
            }
        }
    }

    /** Paragraphs of prose: a blank line ends one. */
    private void prose(List<String> lines) {
        boolean open = false;
        for (String l : lines) {
            if (l.isBlank()) {
                open = false;
            } else {
                if (!open) {
                    line(".PP");
                    open = true;
                }
                text(l);
            }
        }
    }

    private void verbatim(List<String> lines) {
        line(".PP");
        line(".nf");
        lines.forEach(this::text);
        line(".fi");
    }

    private void text(String text) {
        line((text.startsWith(".") || text.startsWith("'") ? "\\&" : "") + escape(text));
    }

    private void line(String roffLine) {
        roff.append(roffLine).append('\n');
    }

    private static String quoted(String text) {
        return '"' + escape(text).replace("\"", "\\(dq") + '"';
    }

    /** Text as roff shows it literally: backslashes escaped, and hyphens as the minus that can be typed. */
    static String escape(String text) {
        return text.replace("\\", "\\e").replace("-", "\\-");
    }
}
