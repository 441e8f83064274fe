package io.iwant.daemon.leader.sync;

import io.iwant.protocol.index.IndexDelta;
import io.iwant.protocol.index.IndexSnapshot;

import java.util.function.Consumer;

/** What index sync needs of the local index: a consistent snapshot, and every delta after it. */
public interface IndexSource {
    IndexSnapshot snapshot();

    void addListener(Consumer<IndexDelta> listener);
}
