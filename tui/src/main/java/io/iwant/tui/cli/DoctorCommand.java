package io.iwant.tui.cli;

import io.iwant.protocol.UserError;
import io.iwant.protocol.control.ControlReply;
import io.iwant.protocol.control.ControlRequest;
import io.iwant.protocol.home.InterfaceCheck;
import io.iwant.protocol.home.Settings;
import io.iwant.protocol.text.TerminalText;
import io.iwant.tui.client.ControlClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;

/** {@code iwanto doctor}. */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = {"Check why peers may not see each other, and say how to fix it.",
                "Checks the interface, multicast both ways, the peer ports (by asking peers to connect back), the "
                        + "firewall ports, static peers, versions and network keys.",
                "Exit code: 0 when no check fails (warnings included), 1 when one fails, 3 when no daemon runs "
                        + "(then only the interface is checked)."})
final class DoctorCommand extends ClientCommand {
    @Option(names = "--json", description = "Print one JSON document: {\"daemon\", \"checks\": [{\"name\", "
            + "\"status\", \"sentence\", \"fix\"}]}.")
    boolean json;

    @Override
    public Integer call() {
        ControlReply.Doctor report;
        boolean running = true;
        try {
            report = (ControlReply.Doctor) ControlClient.call(home(), new ControlRequest.Doctor());
        } catch (UserError e) {
            if (e.exitCode() != UserError.NO_DAEMON) {
                throw e;
            }
            running = false;
            report = new ControlReply.Doctor(List.of(InterfaceCheck.wouldChoose(configuredInterface())));
        }
        if (json) {
            out().println(Json.write(Json.doctor(running, report)));
        } else {
            if (!running) {
                err().println("No iwant daemon runs on " + home().dir() + " (start it with: iwanto start); only "
                        + "the interface a start would choose can be checked without it.");
            }
            print(out(), report);
        }
        if (!running) {
            return UserError.NO_DAEMON;
        }
        return report.worst() == ControlReply.CheckStatus.FAIL ? UserError.FAILED : 0;
    }

    /** The interface the home's configuration names (null: the default route's). */
    private String configuredInterface() {
        try {
            return Settings.load(home().config()).networkInterface();
        } catch (IOException e) {
            throw new UserError(UserError.FAILED, "cannot read " + home().config() + ": " + e.getMessage(), e);
        }
    }

    /** One line per check, its status first; a check that is not ok gets its fix on the next line. */
    static void print(PrintWriter out, ControlReply.Doctor report) {
        for (ControlReply.Check check : report.checks()) {
            out.printf("%-4s  %-16s  %s%n", label(check.status()), check.name(), TerminalText.clean(check.sentence()));
            if (check.status() != ControlReply.CheckStatus.OK && !check.fix().isEmpty()) {
                out.printf("%-4s  %-16s  fix: %s%n", "", "", TerminalText.clean(check.fix()));
            }
        }
    }

    private static String label(ControlReply.CheckStatus status) {
        return switch (status) {
            case OK -> "ok";
            case WARN -> "WARN";
            case FAIL -> "FAIL";
        };
    }
}
