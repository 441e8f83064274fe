package io.iwant.daemon.index;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Files removed from the index in the last moments, by (size, mtime, file key): a file that reappears elsewhere
 * with the same three was renamed or moved, and its hash and chunk ids are reused instead of read again. Bounded in
 * entries, bytes and age. Thread-safe.
 */
final class RecentlyRemoved {
    private record Key(long size, long mtimeNanos, Object fileKey) {
    }

    private record Removed(byte[] record, long expiresAt) {
    }

    private final int maxEntries;
    private final long maxBytes;
    private final long ttlNanos;
    private final LongSupplier clock;
    private final LinkedHashMap<Key, Removed> removed = new LinkedHashMap<>();
    private long bytes;

    RecentlyRemoved(int maxEntries, long maxBytes, long ttlNanos, LongSupplier clock) {
        this.maxEntries = maxEntries;
        this.maxBytes = maxBytes;
        this.ttlNanos = ttlNanos;
        this.clock = clock;
    }

    synchronized void put(long size, long mtimeNanos, Object fileKey, byte[] record) {
        if (fileKey == null || record == null || record.length > maxBytes) {
            return;
        }
        expire();
        Removed old = removed.put(new Key(size, mtimeNanos, fileKey), new Removed(record, clock.getAsLong() + ttlNanos));
        bytes += record.length - (old == null ? 0 : old.record.length);
        Iterator<Removed> it = removed.values().iterator();
        while ((removed.size() > maxEntries || bytes > maxBytes) && it.hasNext()) {
            bytes -= it.next().record.length;
            it.remove();
        }
    }

    /** The stored record of a removed file with exactly these attributes, taken out of the cache; or null. */
    synchronized byte[] take(long size, long mtimeNanos, Object fileKey) {
        if (fileKey == null || removed.isEmpty()) {
            return null;
        }
        expire();
        Removed hit = removed.remove(new Key(size, mtimeNanos, fileKey));
        if (hit == null) {
            return null;
        }
        bytes -= hit.record.length;
        return hit.record;
    }

    private void expire() {
        long now = clock.getAsLong();
        Iterator<Map.Entry<Key, Removed>> it = removed.entrySet().iterator();
        while (it.hasNext()) {
            Removed r = it.next().getValue();
            if (r.expiresAt - now > 0) {
                break;
            }
            bytes -= r.record.length;
            it.remove();
        }
    }
}
