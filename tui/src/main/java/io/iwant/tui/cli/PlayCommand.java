package io.iwant.tui.cli;

import io.iwant.protocol.UserError;
import io.iwant.protocol.control.ControlReply;
import io.iwant.protocol.control.ControlRequest;
import io.iwant.protocol.hash.HashPrefix;
import io.iwant.protocol.text.TerminalText;
import io.iwant.tui.client.ControlClient;
import io.iwant.tui.player.Player;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/** {@code iwanto play <hash>}: the user's player on the daemon's local stream of a file. */
@Command(name = "play", mixinStandardHelpOptions = true,
        description = {"Play a file in your player while it downloads.", "",
                "The daemon serves the file on 127.0.0.1 with a random token in the URL, and the",
                "player can seek: a part that has not arrived yet is fetched first. Opens",
                "$IWANT_PLAYER, else mpv, vlc or xdg-open, whichever exists, and waits for it",
                "to close; prints the URL when there is none. The download is kept in the",
                "download folder."},
        customSynopsis = {"iwanto play HASH"})
final class PlayCommand extends ClientCommand {
    @Mixin
    HashArgument hash;

    /** Where the player is looked for (tests give their own). */
    Map<String, String> env = System.getenv();

    @Override
    public Integer call() {
        HashPrefix prefix = hash.prefix();
        String url;
        try (ControlClient client = ControlClient.connect(home())) {
            client.send(new ControlRequest.Play(prefix.hex()));
            ControlReply reply = client.receive();
            if (reply instanceof ControlReply.Ambiguous ambiguous) {
                return DownloadCommand.ambiguous(err(), ambiguous);
            }
            if (!(reply instanceof ControlReply.Done done)) {
                throw UserError.failed("the iwant daemon sent an unexpected reply to play");
            }
            url = TerminalText.clean(done.message());
        }
        Optional<Player> player = Player.find(env);
        if (player.isEmpty()) {
            out().println(url);
            err().println("no player found: set IWANT_PLAYER, or install mpv or vlc, or open the URL above in one");
            return 0;
        }
        out().println("playing in " + player.get().name() + ": " + url);
        out().flush();
        try {
            int status = player.get().play(url);
            if (status != 0) {
                throw UserError.failed(player.get().name() + " ended with status " + status);
            }
            return 0;
        } catch (IOException e) {
            throw new UserError(UserError.FAILED, "cannot start the player " + player.get().name() + ": "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return UserError.FAILED;
        }
    }
}
