package io.iwant.tui.cli;

import io.iwant.protocol.UserError;
import io.iwant.protocol.home.HomeAware;
import io.iwant.protocol.text.TerminalText;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

import java.io.PrintWriter;

/**
 * The one place that turns failures into exit codes and one-line messages. Stack traces go to the log only.
 */
final class Failures implements IExecutionExceptionHandler {
    private final HomeAware root;

    Failures(HomeAware root) {
        this.root = root;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine cli, ParseResult parsed) {
        PrintWriter err = cli.getErr();
        if (e instanceof UserError user) {
            if (user.getCause() != null) {
                ClientLog.debug(root, user.getMessage(), user.getCause());
            }
            err.println(TerminalText.clean(user.getMessage()));
            return user.exitCode();
        }
        ClientLog.error(root, "unexpected failure", e);
        String what = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        err.println("iwanto failed unexpectedly: " + TerminalText.clean(what)
                + " (details in " + root.home().log() + ")");
        return UserError.FAILED;
    }

    /** Usage errors: one sentence and a pointer to help, exit 2. */
    static int usage(ParameterException e, String[] args) {
        CommandLine cli = e.getCommandLine();
        PrintWriter err = cli.getErr();
        err.println(TerminalText.clean(e.getMessage()));
        err.println("Try '" + cli.getCommandSpec().qualifiedName() + " --help' for more information.");
        return UserError.USAGE;
    }
}
