package io.iwant.daemon;

import io.iwant.daemon.index.LocalIndex;
import io.iwant.daemon.leader.IndexSource;
import io.iwant.protocol.index.IndexDelta;
import io.iwant.protocol.index.IndexSnapshot;

import java.util.function.Consumer;

/** The local index as index sync sees it. */
record LocalIndexSource(LocalIndex index) implements IndexSource {
    @Override
    public IndexSnapshot snapshot() {
        return index.snapshot();
    }

    @Override
    public void addListener(Consumer<IndexDelta> listener) {
        index.addListener(listener);
    }
}
