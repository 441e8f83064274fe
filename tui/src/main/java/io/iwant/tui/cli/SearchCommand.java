package io.iwant.tui.cli;

import io.iwant.protocol.control.ControlReply;
import io.iwant.protocol.control.ControlRequest;
import io.iwant.protocol.text.Columns;
import io.iwant.protocol.text.TerminalText;
import io.iwant.tui.client.ControlClient;
import io.iwant.tui.text.Units;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;

/** {@code iwanto search <name>}: fuzzy search of every peer's files. */
@Command(name = "search", mixinStandardHelpOptions = true,
        description = "Find files and folders on the network by name; typos are fine.")
final class SearchCommand extends ClientCommand {
    @Parameters(arity = "1..*", paramLabel = "NAME", description = "What to look for, e.g. \"slicon valey\".")
    List<String> words;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "At most N results (default 20).")
    int limit;

    @Option(names = "--json", description = "Print one JSON array.")
    boolean json;

    @Override
    public Integer call() {
        if (limit < 1 || limit > 1000) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--limit must be between 1 and 1000");
        }
        String query = String.join(" ", words).trim();
        if (query.isEmpty()) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "the search text is empty");
        }
        ControlReply.SearchResults results =
                (ControlReply.SearchResults) ControlClient.call(home(), new ControlRequest.Search(query, limit));
        if (json) {
            out().println(Json.write(Json.hits(results.hits())));
            return 0;
        }
        if (results.hits().isEmpty()) {
            out().println("nothing on the network matches \"" + TerminalText.clean(query) + "\"");
            return 0;
        }
        printTable(results.hits());
        return 0;
    }

    private void printTable(List<ControlReply.Hit> hits) {
        // widths in terminal columns, not characters, so that wide (CJK) names keep the columns aligned
        int nameWidth = Math.min(60, Math.max(4, hits.stream().mapToInt(h -> Columns.width(display(h))).max()
                .orElse(4)));
        out().printf("%s  %10s  %-12s  %s%n", Columns.fit("NAME", nameWidth), "SIZE", "HASH", "PEERS");
        for (ControlReply.Hit h : hits) {
            out().printf("%s  %10s  %-12s  %d%n", Columns.fit(display(h), nameWidth), Units.bytes(h.size()),
                    TerminalText.clean(Units.shortHash(h.hash())), h.peers());
        }
    }

    private static String display(ControlReply.Hit h) {
        String name = TerminalText.clean(h.name());
        return h.dir() ? name + "/" : name;
    }
}
