package io.iwant.protocol.index;

import java.util.List;

/**
 * One change to a peer's index: the entries added or changed and the paths removed (a removed folder lists every
 * path below it as well). Applying it to the state at {@code version - 1} gives the state at {@code version};
 * a receiver that sees a gap in versions asks for an {@link IndexSnapshot}. A large change is split into several
 * deltas of consecutive versions, each with at most {@link #MAX_CHANGES} upserts and removals together.
 */
public record IndexDelta(long version, List<IndexEntry> upserts, List<String> removed) {
    /** The most upserts plus removals one delta carries, which keeps one delta well under a frame. */
    public static final int MAX_CHANGES = 10_000;

    public IndexDelta {
        if (version < 1) {
            throw new IllegalArgumentException("a delta's version starts at 1: " + version);
        }
        upserts = List.copyOf(upserts);
        removed = List.copyOf(removed);
        if (upserts.size() + removed.size() > MAX_CHANGES) {
            throw new IllegalArgumentException("a delta carries at most " + MAX_CHANGES + " changes, not "
                    + (upserts.size() + removed.size()));
        }
        for (String path : removed) {
            RelativePath.check(path);
        }
    }

    /** True when the delta changes nothing. */
    public boolean isEmpty() {
        return upserts.isEmpty() && removed.isEmpty();
    }
}
