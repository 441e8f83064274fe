package io.iwant.daemon.index;

import io.iwant.protocol.index.IndexDelta;
import io.iwant.protocol.index.IndexEntry;
import org.rocksdb.WriteBatch;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One atomic step of the index: the database writes (one {@link WriteBatch}) and the published changes, which
 * become one or more {@link IndexDelta}s. A path is either upserted or removed, never both. Index thread only.
 */
final class Changes implements AutoCloseable {
    final WriteBatch batch = new WriteBatch();
    private final IndexStore store;
    private final Map<String, IndexEntry> upserts = new LinkedHashMap<>();
    private final Set<String> removed = new LinkedHashSet<>();
    private boolean written;

    Changes(IndexStore store) {
        this.store = store;
    }

    void upsert(IndexEntry entry) {
        removed.remove(entry.path());
        upserts.put(entry.path(), entry);
    }

    void remove(String path) {
        upserts.remove(path);
        removed.add(path);
    }

    void putRecord(String path, byte[] record) {
        store.putRecord(batch, path, record);
        written = true;
    }

    void deleteRecord(String path) {
        store.deleteRecord(batch, path);
        written = true;
    }

    void link(byte[] hash, String path) {
        store.link(batch, hash, path);
        written = true;
    }

    void unlink(byte[] hash, String path) {
        store.unlink(batch, hash, path);
        written = true;
    }

    void putShare(String root) {
        store.putShare(batch, root);
        written = true;
    }

    boolean published() {
        return !upserts.isEmpty() || !removed.isEmpty();
    }

    boolean written() {
        return written;
    }

    /** The published changes as deltas numbered from {@code lastVersion + 1}, removals first. */
    List<IndexDelta> deltas(long lastVersion) {
        List<IndexDelta> out = new ArrayList<>();
        List<String> gone = new ArrayList<>();
        List<IndexEntry> set = new ArrayList<>();
        long version = lastVersion;
        for (String path : removed) {
            gone.add(path);
            if (gone.size() == IndexDelta.MAX_CHANGES) {
                out.add(new IndexDelta(++version, List.of(), gone));
                gone = new ArrayList<>();
            }
        }
        for (IndexEntry entry : upserts.values()) {
            set.add(entry);
            if (gone.size() + set.size() == IndexDelta.MAX_CHANGES) {
                out.add(new IndexDelta(++version, set, gone));
                gone = new ArrayList<>();
                set = new ArrayList<>();
            }
        }
        if (!gone.isEmpty() || !set.isEmpty()) {
            out.add(new IndexDelta(++version, set, gone));
        }
        return out;
    }

    @Override
    public void close() {
        batch.close();
    }
}
