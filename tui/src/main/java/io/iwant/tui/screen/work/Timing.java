package io.iwant.tui.screen.work;

import java.time.Duration;

/**
 * How often the UI asks the daemon for its state, how soon it retries a daemon that does not answer, how long it
 * waits for typing to pause before it searches, and how much it asks for.
 */
public record Timing(Duration poll, Duration retry, Duration debounce, int searchLimit, int logLines) {
    /** Status four times a second, a missing daemon once a second, search 150 ms after the last key. */
    public static final Timing DEFAULT =
            new Timing(Duration.ofMillis(250), Duration.ofSeconds(1), Duration.ofMillis(150), 200, 400);

    public Timing {
        positive(poll, "poll");
        positive(retry, "retry");
        if (debounce.isNegative()) {
            throw new IllegalArgumentException("debounce must not be negative");
        }
        if (searchLimit < 1 || searchLimit > 1000) {
            throw new IllegalArgumentException("search limit must be between 1 and 1000");
        }
        if (logLines < 1 || logLines > 10_000) {
            throw new IllegalArgumentException("log lines must be between 1 and 10000");
        }
    }

    private static void positive(Duration d, String name) {
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(name + " interval must be positive");
        }
    }
}
