package io.iwant.tui.cli;

import io.iwant.protocol.UserError;
import io.iwant.protocol.control.ControlReply;
import io.iwant.protocol.control.ControlRequest;
import io.iwant.protocol.home.Folders;
import io.iwant.protocol.home.Home;
import io.iwant.protocol.home.Settings;
import io.iwant.protocol.text.TerminalText;
import io.iwant.tui.client.ControlClient;
import io.iwant.tui.text.NetworkText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;

/** {@code iwanto view config}. */
@Command(name = "view", mixinStandardHelpOptions = true, description = "Show the daemon's settings.",
        subcommands = ViewCommand.Config.class)
final class ViewCommand {

    @Command(name = "config", mixinStandardHelpOptions = true,
            description = {"Show the shared and download folders and the network settings.",
                    "Works without a running daemon too: then it shows what the home has saved."})
    static final class Config extends ClientCommand {
        @Option(names = "--json", description = "Print one JSON document.")
        boolean json;

        @Override
        public Integer call() {
            ControlReply.Config c;
            String problem = null;
            boolean running = true;
            try {
                c = (ControlReply.Config) ControlClient.call(home(), new ControlRequest.ViewConfig());
            } catch (UserError e) {
                if (e.exitCode() != UserError.NO_DAEMON) {
                    throw e;
                }
                HomeNetwork network = HomeNetwork.read(home());
                c = saved(home(), network.network());
                problem = network.problem();
                running = false;
            }
            if (json) {
                out().println(Json.write(Json.config(c, problem)));
                return 0;
            }
            print(out(), c, problem);
            out().printf("home             %s%n", home());
            if (!running) {
                out().println("daemon           not running: this is what the home has saved");
            }
            return 0;
        }

        /** The configuration a daemon of this home would start with, read without one. */
        private static ControlReply.Config saved(Home home, ControlReply.Network network) {
            Settings s;
            try {
                s = Settings.load(home.config());
            } catch (IOException e) {
                throw new UserError(UserError.FAILED, "cannot read " + home.config() + ": " + e.getMessage(), e);
            }
            return new ControlReply.Config(text(s.share()), text(s.downloads()), s.networkInterface(), s.group(),
                    s.port(), s.peers(), network, s.sweep());
        }

        private static String text(Path path) {
            return path == null ? null : path.toString();
        }

        static void print(PrintWriter out, ControlReply.Config c, String problem) {
            Folders.Pair defaults = Folders.defaults();
            out.printf("shared folder    %s%n", c.share() != null ? c.share()
                    : "(not set: the first start shares " + defaults.share() + ")");
            out.printf("download folder  %s%n", c.downloads() != null ? c.downloads()
                    : "(not set: the first start downloads to " + defaults.downloads() + ")");
            out.printf("interface        %s%n", c.networkInterface() == null ? "(default route)" : c.networkInterface());
            out.printf("group            %s%n", c.group());
            out.printf("port             %d%n", c.port());
            out.printf("static peers     %s%n", c.peers().isEmpty() ? "(none)" : String.join(", ", c.peers()));
            out.printf("sweep            %s%n", c.sweep());
            out.printf("network          %s%n", NetworkText.summary(c.network())
                    + (problem == null ? "" : ", but the key cannot be used: " + TerminalText.clean(problem)));
            out.printf("peer key         %s%n", NetworkText.peerKey(c.network()));
        }
    }
}
