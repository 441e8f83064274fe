package io.iwant.dist.release;

import io.iwant.tui.cli.Iwanto;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The man page is made from the command tree, and text in it can never turn into a roff request. */
class ManPageTest {
    @Test
    void every_command_and_every_option_of_the_real_tree_has_its_place() {
        PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        CommandLine tree = Iwanto.commandLine(nowhere, nowhere);
        String page = ManPage.of(tree, "1.2.3");
        assertTrue(page.contains("\n.TH IWANTO 1 \"\" \"iwant 1.2.3\" \"User Commands\"\n"), page);
        assertEquals(1, page.lines().filter(line -> line.equals(".SS \"iwanto start\"")).count());
        assertTrue(page.contains("\n.SS \"iwanto view config\"\n"), page);
        for (OptionSpec option : tree.getSubcommands().get("start").getCommandSpec().options()) {
            if (!option.usageHelp() && !option.versionHelp() && !option.inherited()) {
                assertTrue(page.contains("\\fB" + ManPage.escape(option.longestName()) + "\\fR"), option.longestName());
            }
        }
    }

    @Test
    void a_line_that_starts_with_a_dot_or_a_quote_is_text_and_backslashes_stay_backslashes() {
        CommandSpec spec = CommandSpec.create().name("tool");
        spec.usageMessage().description("Does things.", ".so /etc/passwd", "'br", "C:\\fB\\temp");
        spec.addSubcommand("sub", CommandSpec.create().name("sub"));
        String page = ManPage.of(new CommandLine(spec), "1");
        assertTrue(page.contains("\n\\&.so /etc/passwd\n"), page);
        assertTrue(page.contains("\n\\&'br\n"), page);
        assertTrue(page.contains("\nC:\\efB\\etemp\n"), page);
        assertFalse(page.lines().anyMatch(line -> line.startsWith(".so")), page);
    }
}
