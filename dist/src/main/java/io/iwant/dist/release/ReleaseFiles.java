package io.iwant.dist.release;

import io.iwant.tui.cli.Iwanto;
import picocli.AutoComplete;
import picocli.CommandLine;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the files of the release archive that come from the command tree, at build time: the bash completion
 * (picocli's), the zsh completion (the same script through zsh's bashcompinit) and the man page. Not shipped in the
 * jar.
 *
 * <p>Usage: {@code ReleaseFiles OUTPUT_DIR VERSION}; the files land under {@code OUTPUT_DIR/share}.
 */
public final class ReleaseFiles {
    private ReleaseFiles() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: ReleaseFiles OUTPUT_DIR VERSION");
        }
        write(Path.of(args[0]), args[1]);
    }

    static void write(Path out, String version) throws IOException {
        PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        CommandLine tree = Iwanto.commandLine(nowhere, nowhere);
        String name = tree.getCommandName();
        String bash = AutoComplete.bash(name, tree);
        writeFile(out.resolve("share/bash-completion/completions").resolve(name), bash);
        writeFile(out.resolve("share/zsh/site-functions").resolve("_" + name), zsh(name, bash));
        writeFile(out.resolve("share/man/man1").resolve(name + ".1"), ManPage.of(tree, version));
    }

    /**
     * A zsh completion function file: zsh autoloads it on the first TAB after {@code name}; it defines picocli's
     * functions, whose {@code complete} (bashcompinit's) then takes every later TAB, and completes this first one.
     * Zsh reads the whole file before it runs any of it, so the alias picocli's script makes for bash's
     * {@code compopt} would come too late: a function that does nothing stands in for it.
     */
    static String zsh(String name, String bash) {
        String body = bash.substring(bash.indexOf('\n') + 1); // without the #! line
        return "#compdef " + name + "\n"
                + "# zsh completion for " + name + ": picocli's completion script (the bash one), through zsh's "
                + "bashcompinit.\n"
                + "autoload -U +X bashcompinit && bashcompinit\n"
                + "compopt() { return 0; }\n"
                + body
                + "_bash_complete -F _complete_" + name + " -o default\n";
    }

    private static void writeFile(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
