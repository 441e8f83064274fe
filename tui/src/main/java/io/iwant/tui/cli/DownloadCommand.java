package io.iwant.tui.cli;

import io.iwant.protocol.UserError;
import io.iwant.protocol.control.ControlReply;
import io.iwant.protocol.control.ControlRequest;
import io.iwant.protocol.control.ControlRequest.FolderKind;
import io.iwant.protocol.hash.HashPrefix;
import io.iwant.protocol.text.TerminalText;
import io.iwant.tui.client.ControlClient;
import io.iwant.tui.text.Units;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/** {@code iwanto download <hash>} and {@code iwanto download to <path>}. */
@Command(name = "download", mixinStandardHelpOptions = true,
        description = {"Download a file or folder by its hash (or a unique prefix of at least " + HashPrefix.MIN_DIGITS
                + " hex digits)",
                "from every peer that has it, and wait until it is complete and verified.",
                "'download to PATH' changes the download folder instead."},
        customSynopsis = {"iwanto download [--json] [--quiet] HASH", "iwanto download to PATH"})
final class DownloadCommand extends ClientCommand {
    @Parameters(arity = "1..2", paramLabel = "HASH | to PATH")
    List<String> args;

    @Option(names = "--json", description = "Print one JSON document at the end.")
    boolean json;

    @Option(names = "--quiet", description = "No progress bar; one line at the end.")
    boolean quiet;

    @Override
    public Integer call() {
        if (args.get(0).equals("to")) {
            if (args.size() != 2) {
                throw new ParameterException(spec.commandLine(), "'download to' needs the new download folder");
            }
            out().println(FolderEdit.apply(home(), FolderKind.DOWNLOADS, args.get(1)));
            return 0;
        }
        if (args.size() != 1) {
            throw new ParameterException(spec.commandLine(), "download takes one hash (or 'to PATH')");
        }
        HashPrefix prefix;
        try {
            prefix = HashPrefix.parse(args.get(0));
        } catch (UserError e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        return follow(prefix.hex());
    }

    private int follow(String hash) {
        ProgressBar bar = !json && !quiet && System.console() != null ? new ProgressBar(out()) : null;
        ControlReply.Download last = null;
        long started = System.nanoTime();
        int mostPeers = 0;
        try (ControlClient client = ControlClient.connect(home())) {
            client.send(new ControlRequest.Download(hash, true));
            while (true) {
                ControlReply reply = client.receiveRaw();
                if (reply instanceof ControlReply.Progress progress) {
                    last = progress.download();
                    mostPeers = Math.max(mostPeers, last.peers());
                    if (bar != null) {
                        bar.draw(last);
                    }
                } else if (reply instanceof ControlReply.Done done) {
                    if (bar != null) {
                        bar.finish();
                    }
                    report(last, done.message(), System.nanoTime() - started, mostPeers);
                    return 0;
                } else if (reply instanceof ControlReply.Failed failed) {
                    if (bar != null) {
                        bar.finish();
                    }
                    if (json && last != null) {
                        out().println(Json.write(Json.download(last)));
                    }
                    throw new UserError(failed.exitCode(), failed.message());
                } else if (reply instanceof ControlReply.Ambiguous ambiguous) {
                    return ambiguous(err(), ambiguous);
                } else {
                    throw UserError.failed("the iwant daemon sent an unexpected reply to a download");
                }
            }
        }
    }

    /** Lists the candidates of an ambiguous prefix; returns the exit code. */
    static int ambiguous(PrintWriter err, ControlReply.Ambiguous ambiguous) {
        err.println("the prefix " + ambiguous.prefix() + " matches " + ambiguous.candidates().size()
                + " files or folders; give more digits:");
        for (ControlReply.Hit h : ambiguous.candidates()) {
            err.printf("  %s  %s%s  %s%n", TerminalText.clean(h.hash()), TerminalText.clean(h.name()),
                    h.dir() ? "/" : "", Units.bytes(h.size()));
        }
        return UserError.FAILED;
    }

    private void report(ControlReply.Download last, String message, long nanos, int peers) {
        if (json) {
            out().println(Json.write(last == null ? new Json.Message(message) : Json.download(last)));
        } else if (last == null) {
            out().println(TerminalText.clean(message));
        } else {
            double seconds = Math.max(nanos / 1e9, 0.001);
            out().printf(Locale.ROOT, "%s (%s) in %.1f s, %s%s%n", TerminalText.clean(message),
                    Units.bytes(last.size()), seconds,
                    Units.rate((long) (last.size() / seconds)),
                    peers == 0 ? "" : " from " + peers + " peer" + (peers == 1 ? "" : "s"));
        }
    }
}
