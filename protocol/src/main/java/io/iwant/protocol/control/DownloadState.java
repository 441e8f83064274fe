package io.iwant.protocol.control;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Where a download is; it crosses the control socket as this enum and prints as its {@link #label()}. Moves: queued to verifying (checking what is already on disk) or downloading; verifying and
 * downloading to each other and to done; anything not finished to failed or cancelled; failed, cancelled and done
 * back to queued (a retry, or asking again). {@link #check} fails loudly on anything else.
 */
public enum DownloadState {
    QUEUED, VERIFYING, DOWNLOADING, DONE, FAILED, CANCELLED;

    /** The lowercase name users see, in the terminal and in {@code --json}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Still on its way: queued, verifying or downloading. Exactly the states that are not {@link #finished}. */
    public boolean active() {
        return !finished();
    }

    /** Done, failed or cancelled: nothing more happens until it is asked for again. */
    public boolean finished() {
        return this == DONE || this == FAILED || this == CANCELLED;
    }

    public boolean canMoveTo(DownloadState next) {
        return allowed().contains(next);
    }

    /** Returns {@code next}, or throws if this state cannot move there. */
    public DownloadState check(DownloadState next) {
        if (!canMoveTo(next)) {
            throw new IllegalStateException("a download cannot go from " + label() + " to " + next.label());
        }
        return next;
    }

    private Set<DownloadState> allowed() {
        return switch (this) {
            case QUEUED -> EnumSet.of(VERIFYING, DOWNLOADING, DONE, FAILED, CANCELLED);
            case VERIFYING -> EnumSet.of(DOWNLOADING, DONE, FAILED, CANCELLED);
            case DOWNLOADING -> EnumSet.of(VERIFYING, DONE, FAILED, CANCELLED);
            case DONE, FAILED, CANCELLED -> EnumSet.of(QUEUED);
        };
    }
}
