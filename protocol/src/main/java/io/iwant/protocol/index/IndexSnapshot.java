package io.iwant.protocol.index;

import java.util.List;

/**
 * A peer's whole index at one version: every shared file and folder. Deltas with versions above {@code version}
 * apply on top of it. Version 0 is the empty index of a peer that has never indexed anything.
 */
public record IndexSnapshot(long version, List<IndexEntry> entries) {
    public IndexSnapshot {
        if (version < 0) {
            throw new IllegalArgumentException("negative version: " + version);
        }
        entries = List.copyOf(entries);
    }
}
