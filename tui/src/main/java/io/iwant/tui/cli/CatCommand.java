package io.iwant.tui.cli;

import io.iwant.protocol.UserError;
import io.iwant.protocol.control.ControlReply;
import io.iwant.protocol.control.ControlRequest;
import io.iwant.protocol.hash.HashPrefix;
import io.iwant.tui.client.ControlClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Mixin;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** {@code iwanto cat <hash>}: a file's verified bytes, in order, to standard output while it downloads. */
@Command(name = "cat", mixinStandardHelpOptions = true,
        description = {"Write a file's verified bytes to standard output, in order, while it downloads.", "",
                "Every chunk is checked before a byte of it is written; the chunks just ahead of",
                "the reader come first, from every peer that has the file. The download is kept",
                "in the download folder, and a file already there is read from its place. A",
                "reader that stops early (a player closed) is no error: the download goes on",
                "unless --no-keep.", "",
                "Example: iwanto cat 04450f9c | mpv -"},
        customSynopsis = {"iwanto cat [--no-keep] HASH"})
final class CatCommand extends ClientCommand {
    @Mixin
    HashArgument hash;

    @Option(names = "--no-keep", description = "If the reader stops before the end, stop the download this command "
            + "started and delete what it fetched.")
    boolean noKeep;

    /** Where the bytes go: standard output itself, unbuffered and not through a PrintStream, which hides errors. */
    OutputStream stdout = new FileOutputStream(FileDescriptor.out);

    @Override
    public Integer call() {
        HashPrefix prefix = hash.prefix();
        try (ControlClient client = ControlClient.connect(home())) {
            client.send(new ControlRequest.Stream(prefix.hex(), !noKeep));
            while (true) {
                ControlReply reply = client.receiveRaw();
                if (reply instanceof ControlReply.Data data) {
                    if (!write(data.bytes())) {
                        return 0; // the reader left; closing the connection tells the daemon
                    }
                } else if (reply instanceof ControlReply.Done) {
                    return 0;
                } else if (reply instanceof ControlReply.Failed failed) {
                    throw new UserError(failed.exitCode(), failed.message());
                } else if (reply instanceof ControlReply.Ambiguous ambiguous) {
                    return DownloadCommand.ambiguous(err(), ambiguous);
                } else {
                    throw UserError.failed("the iwant daemon sent an unexpected reply to cat");
                }
            }
        }
    }

    /** Writes and flushes; false if standard output is closed (a broken pipe). */
    private boolean write(byte[] bytes) {
        try {
            stdout.write(bytes);
            stdout.flush();
            return true;
        } catch (IOException brokenPipe) {
            return false;
        }
    }
}
