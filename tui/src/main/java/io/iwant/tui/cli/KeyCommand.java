package io.iwant.tui.cli;

import io.iwant.protocol.UserError;
import io.iwant.protocol.secure.KeyFiles;
import io.iwant.protocol.secure.NetworkKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code iwanto key new [FILE]}. */
@Command(name = "key", mixinStandardHelpOptions = true, description = "Make the key of a private network.",
        subcommands = KeyCommand.New.class)
final class KeyCommand {

    @Command(name = "new", mixinStandardHelpOptions = true,
            description = {"Make a new network key: only peers started with it can join its network.",
                    "Prints the key (one line), or writes it to FILE, readable by you only."},
            footer = {"", "Examples:",
                    "  iwanto key new ~/iwant.key                 then on every peer:",
                    "  iwanto start --network-key ~/iwant.key     (copy the file with its mode kept, e.g. scp -p)",
                    "  iwanto key new                             print it, to read out or paste into a file"})
    static final class New extends ClientCommand {
        @Parameters(index = "0", arity = "0..1", paramLabel = "FILE",
                description = "A new file to write the key to (mode 600); an existing file is never overwritten.")
        Path file;

        @Override
        public Integer call() {
            NetworkKey key = NetworkKey.generate();
            if (file == null) {
                out().println(key.text());
                return 0;
            }
            write(file, key);
            out().println("wrote a new network key (fingerprint " + key.fingerprint() + ") to " + file
                    + "; start each peer with: iwanto start --network-key " + file);
            return 0;
        }

        /**
         * Claims the name first, so that an existing file (or link) is refused however it appeared, then puts the
         * key there in one step with the owner-only mode.
         */
        private static void write(Path file, NetworkKey key) {
            Path target = file.toAbsolutePath();
            if (!Files.isDirectory(target.getParent())) {
                throw UserError.failed("cannot write " + file + ": the folder " + target.getParent()
                        + " does not exist");
            }
            try {
                Files.createFile(target);
            } catch (FileAlreadyExistsException e) {
                throw UserError.failed(file + " already exists, and a key file is never overwritten: choose another "
                        + "name or move it away first");
            } catch (IOException e) {
                throw new UserError(UserError.FAILED, "cannot write " + file + ": " + e.getMessage(), e);
            }
            try {
                KeyFiles.writePrivate(target, key.text());
            } catch (IOException e) {
                try {
                    Files.deleteIfExists(target);
                } catch (IOException ignored) {
                    // the empty file stays; the sentence below says what failed
                }
                throw new UserError(UserError.FAILED, "cannot write " + file + ": " + e.getMessage(), e);
            }
        }
    }
}
