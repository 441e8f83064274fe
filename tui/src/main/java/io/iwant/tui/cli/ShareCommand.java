package io.iwant.tui.cli;

import io.iwant.protocol.control.ControlRequest.FolderKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code iwanto share <path>}. */
@Command(name = "share", mixinStandardHelpOptions = true,
        description = "Share this folder (works whether or not the daemon runs).")
final class ShareCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "PATH", description = "An existing folder, not inside the download folder.")
    String path;

    @Override
    public Integer call() {
        out().println(FolderEdit.apply(home(), FolderKind.SHARE, path));
        return 0;
    }
}
