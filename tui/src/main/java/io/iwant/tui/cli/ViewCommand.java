package io.iwant.tui.cli;

import io.iwant.protocol.control.ControlReply;
import io.iwant.protocol.control.ControlRequest;
import io.iwant.tui.client.ControlClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code iwanto view config}. */
@Command(name = "view", mixinStandardHelpOptions = true, description = "Show the daemon's settings.",
        subcommands = ViewCommand.Config.class)
final class ViewCommand {

    @Command(name = "config", mixinStandardHelpOptions = true,
            description = "Show the shared and download folders and the network settings.")
    static final class Config extends ClientCommand {
        @Option(names = "--json", description = "Print one JSON document.")
        boolean json;

        @Override
        public Integer call() {
            ControlReply.Config c = (ControlReply.Config) ControlClient.call(home(), new ControlRequest.ViewConfig());
            if (json) {
                out().println(Json.write(Json.config(c)));
                return 0;
            }
            out().printf("shared folder    %s%n", c.share());
            out().printf("download folder  %s%n", c.downloads());
            out().printf("interface        %s%n", c.networkInterface() == null ? "(default route)" : c.networkInterface());
            out().printf("group            %s%n", c.group());
            out().printf("port             %d%n", c.port());
            out().printf("static peers     %s%n", c.peers().isEmpty() ? "(none)" : String.join(", ", c.peers()));
            out().printf("home             %s%n", home());
            return 0;
        }
    }
}
