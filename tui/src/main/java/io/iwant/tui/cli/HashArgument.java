package io.iwant.tui.cli;

import io.iwant.protocol.UserError;
import io.iwant.protocol.hash.HashPrefix;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The one hash a command works on (a mixin): a full hash or a unique prefix, checked before anything is asked. */
final class HashArgument {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Parameters(paramLabel = "HASH", description = "The file's hash, or a unique prefix of at least "
            + HashPrefix.MIN_DIGITS + " hex digits.")
    String hash;

    /** The prefix given; a usage error (exit 2) if it is none. */
    HashPrefix prefix() {
        try {
            return HashPrefix.parse(hash);
        } catch (UserError e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
