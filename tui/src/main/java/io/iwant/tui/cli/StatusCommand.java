package io.iwant.tui.cli;

import io.iwant.protocol.control.ControlReply;
import io.iwant.protocol.control.ControlRequest;
import io.iwant.protocol.text.TerminalText;
import io.iwant.tui.client.ControlClient;
import io.iwant.tui.text.NetworkText;
import io.iwant.tui.text.Units;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.List;

/** {@code iwanto status}. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show this peer, the leader, the members, the index and the downloads.")
final class StatusCommand extends ClientCommand {
    @Option(names = "--json", description = "Print one JSON document.")
    boolean json;

    @Override
    public Integer call() {
        ControlReply.Status s = (ControlReply.Status) ControlClient.call(home(), new ControlRequest.Status());
        if (json) {
            out().println(Json.write(Json.status(s)));
        } else {
            print(out(), s);
        }
        return 0;
    }

    /**
     * The rungs of discovery in one line: "multicast 3 heard, 3 found · static 2 named, 1 found · gossip 2 found ·
     * sweep auto, 253 addresses, 0 found".
     */
    static String discovery(ControlReply.Discovery d) {
        String sweep = d.sweepAddresses() == 0 ? d.sweep() + (d.sweep().equals("off") ? "" : ", not on this subnet")
                : d.sweep() + ", " + d.sweepAddresses() + " addresses" + (d.sweeping() ? ", sweeping" : "") + ", "
                + d.sweepFound() + " found";
        return "multicast " + d.multicastHeard() + " heard, " + d.multicastFound() + " found · static "
                + d.staticPeers() + " named, " + d.staticFound() + " found · gossip " + d.gossipFound() + " found"
                + (d.gossipPending() > 0 ? ", " + d.gossipPending() + " to ping" : "") + " · sweep " + sweep;
    }

    static void print(PrintWriter out, ControlReply.Status s) {
        ControlReply.IndexState ix = s.index();
        out.printf("peer       %s (up %s, version %s)%n", TerminalText.clean(s.peerId()),
                Units.duration(s.uptimeMillis() / 1000), s.version());
        out.printf("home       %s%n", s.home());
        out.printf("sharing    %s%n", s.share());
        out.printf("index      %d files, %d folders, %s%s%n", ix.files(), ix.folders(), Units.bytes(ix.bytes()),
                ix.hashing() ? String.format("  (hashing: %s of %s)", Units.bytes(ix.hashedBytes()),
                        Units.bytes(ix.pendingBytes())) : "");
        out.printf("downloads  %s%n", s.downloads());
        out.printf("network    %s%n", NetworkText.summary(s.network()));
        out.printf("peer key   %s%n", NetworkText.peerKey(s.network()));
        for (ControlReply.Refused r : s.network().refused()) {
            out.printf("refused    %s (%d datagrams, the last %s ago)%n", TerminalText.clean(r.sentence()),
                    r.count(), Units.duration(r.sinceLastMillis() / 1000));
        }
        String leader = s.leader() == null ? "none yet (electing)"
                : TerminalText.clean(s.leader()) + (s.leader().equals(s.peerId()) ? " (this peer)" : "");
        out.printf("leader     %s%n", leader);
        out.printf("discovery  %s%n", discovery(s.discovery()));
        out.printf("members    %d%n", s.members().size());
        for (ControlReply.Member m : s.members()) {
            String tags = (m.leader() ? "leader" : "") + (m.leader() && m.self() ? ", " : "") + (m.self() ? "this peer" : "");
            out.printf("  %-16s %-22s up %-8s %s%n", TerminalText.clean(m.peerId()), TerminalText.clean(m.address()),
                    Units.duration(m.ageMillis() / 1000), tags);
        }
        List<ControlReply.Part> troubled = s.health().stream()
                .filter(p -> p.state() != ControlReply.PartState.RUNNING).toList();
        if (troubled.isEmpty()) {
            out.printf("health     %s%n", s.health().isEmpty() ? "not reported" : "all " + s.health().size()
                    + " parts running");
        } else {
            out.printf("health     %s%n", s.healthy() ? "serving, after restarts" : "NOT SERVING: a part has failed");
            for (ControlReply.Part p : troubled) {
                out.printf("  %-16s %-9s %d restart%s  last: %s%n", p.name(), p.state().label(), p.restarts(),
                        p.restarts() == 1 ? "" : "s", TerminalText.clean(p.lastFailure()));
            }
        }
        if (!s.transfers().isEmpty()) {
            out.println("transfers");
            for (ControlReply.Download d : s.transfers()) {
                out.printf("  %-10s %5.1f%%  %s  %s%s%n", d.state().label(), 100 * d.fraction(),
                        Units.shortHash(d.hash()), TerminalText.clean(d.name()),
                        d.reason().isEmpty() ? "" : "  (" + TerminalText.clean(d.reason()) + ")");
            }
        }
    }
}
