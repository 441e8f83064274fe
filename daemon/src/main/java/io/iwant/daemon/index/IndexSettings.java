package io.iwant.daemon.index;

import java.time.Duration;

/**
 * The timings and limits of the local index, validated once.
 *
 * @param hashThreads       files hashed at once (the bounded hashing pool); by default one per available core
 * @param settle            how long a path must stay quiet after a watcher event before it is indexed, so a file
 *                          still being written is indexed once, after it settles
 * @param tick              how often settled watcher events are collected
 * @param drainDelay        how long hashed files are gathered before they are written and published as one delta
 * @param maxPendingChanges distinct changed paths held while settling; more than that becomes one full rescan
 * @param scanInFlight      files a scan may have queued or hashed but not yet written (bounds its memory)
 * @param unwatchedRescan   how often the whole share is rescanned when the platform cannot watch it
 */
public record IndexSettings(int hashThreads, Duration settle, Duration tick, Duration drainDelay,
                            int maxPendingChanges, int scanInFlight, Duration unwatchedRescan) {
    public IndexSettings {
        if (hashThreads < 1 || hashThreads > 256) {
            throw new IllegalArgumentException("hash threads must be 1..256, not " + hashThreads);
        }
        positive(settle, "settle");
        positive(tick, "tick");
        positive(drainDelay, "drain delay");
        positive(unwatchedRescan, "unwatched rescan");
        if (maxPendingChanges < 1 || scanInFlight < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }

    /** One hashing thread per core, half a second to settle. */
    public static IndexSettings defaults() {
        return new IndexSettings(Runtime.getRuntime().availableProcessors(), Duration.ofMillis(500),
                Duration.ofMillis(100), Duration.ofMillis(50), 20_000, 4096, Duration.ofMinutes(1));
    }

    public IndexSettings withHashThreads(int threads) {
        return new IndexSettings(threads, settle, tick, drainDelay, maxPendingChanges, scanInFlight, unwatchedRescan);
    }

    private static void positive(Duration d, String what) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive");
        }
    }
}
