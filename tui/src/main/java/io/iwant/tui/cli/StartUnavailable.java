package io.iwant.tui.cli;

import io.iwant.protocol.UserError;
import io.iwant.protocol.home.HomeAware;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

import java.util.List;

/**
 * Stands in for the daemon's {@code start} command when this build cannot run it, and says why in one sentence:
 * the daemon is not in this build (a client-only jar), or it is there but cannot be loaded (a broken install; the
 * error goes to the log).
 */
@Command(name = "start", description = "Run the daemon (not available in this build).")
final class StartUnavailable extends ClientCommand {
    @Unmatched
    List<String> ignored; // whatever the real start command would take

    private final String className;
    private final Throwable failure;

    /** {@code failure} is null when the class is simply not in this build. */
    StartUnavailable(String className, Throwable failure) {
        this.className = className;
        this.failure = failure;
    }

    @Override
    public Integer call() {
        if (failure == null) {
            throw UserError.failed("'iwanto start' is not available in this build: it holds the client only, "
                    + "so start the daemon with a full iwant install");
        }
        HomeAware root = (HomeAware) spec.root().userObject();
        ClientLog.error(root, "cannot load the start command " + className, failure);
        throw UserError.failed("'iwanto start' cannot load the daemon (" + failure.getClass().getSimpleName()
                + "): this install looks broken; details in " + root.home().log());
    }
}
