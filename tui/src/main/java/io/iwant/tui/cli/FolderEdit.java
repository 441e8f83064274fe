package io.iwant.tui.cli;

import io.iwant.protocol.UserError;
import io.iwant.protocol.control.ControlReply;
import io.iwant.protocol.control.ControlRequest;
import io.iwant.protocol.control.ControlRequest.FolderKind;
import io.iwant.protocol.home.Folders;
import io.iwant.protocol.home.Home;
import io.iwant.protocol.home.Settings;
import io.iwant.tui.client.ControlClient;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Changes the shared or download folder: through the running daemon (which validates, persists and applies it at
 * once), or, with no daemon, straight in the home's config file with the same validation.
 */
final class FolderEdit {
    private FolderEdit() {
    }

    /** Returns the message to show the user. */
    static String apply(Home home, FolderKind kind, String pathText) {
        Path path = Path.of(pathText).toAbsolutePath().normalize();
        ControlClient client;
        try {
            client = ControlClient.connect(home);
        } catch (UserError e) {
            if (e.exitCode() != UserError.NO_DAEMON) {
                throw e;
            }
            return offline(home, kind, path);
        }
        try (client) {
            client.send(new ControlRequest.SetFolder(kind, path.toString()));
            return ((ControlReply.Done) client.receive()).message();
        }
    }

    private static String offline(Home home, FolderKind kind, Path path) {
        try {
            home.create();
            Settings before = Settings.load(home.config());
            Settings after = Folders.change(before, kind == FolderKind.SHARE, path, home.dir());
            after.save(home.config());
            return kind == FolderKind.SHARE
                    ? "sharing " + after.share() + " (applies when the daemon starts)"
                    : "downloading to " + after.downloads() + " (applies when the daemon starts)";
        } catch (IOException e) {
            throw new UserError(UserError.FAILED, "cannot update " + home.config() + ": " + e.getMessage(), e);
        }
    }
}
