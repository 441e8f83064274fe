package io.iwant.protocol;

/**
 * A failure the user should read as one sentence, with the process exit code it maps to.
 * Thrown by the client and the daemon alike; never carries a stack trace to the terminal.
 */
public final class UserError extends RuntimeException {
    /** The request failed: not found, no peer has it, verification failed, invalid folder. */
    public static final int FAILED = 1;
    /** The command line was wrong. */
    public static final int USAGE = 2;
    /** No daemon answers on this home. */
    public static final int NO_DAEMON = 3;

    private final int exitCode;

    public UserError(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public UserError(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public static UserError failed(String message) {
        return new UserError(FAILED, message);
    }

    public int exitCode() {
        return exitCode;
    }
}
