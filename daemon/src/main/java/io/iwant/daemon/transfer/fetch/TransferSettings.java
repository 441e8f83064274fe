package io.iwant.daemon.transfer.fetch;

import java.time.Duration;

/**
 * Timings and limits of the transfer engine, validated once.
 *
 * @param maxActive        downloads prepared or transferring at once; more wait as queued
 * @param initialWindow    requests in flight to a new peer before its rate is known
 * @param maxWindow        most requests in flight to one peer (below the peer server's per-client queue)
 * @param maxBuffered      most chunks received or requested but not yet written, over all downloads (memory bound)
 * @param targetQueueDelay how much work (in time at a peer's measured rate) to keep queued at it
 * @param stallTimeout     silence after which a peer with requests in flight is taken as stalled (at least)
 * @param firstReply       silence allowed before a peer's first reply (connecting, cold caches)
 * @param maxBackoff       longest pause before a failed peer is tried again
 * @param lookupInterval   how often the seeders of a running download are looked up again
 * @param lookupPatience   how long lookups may keep failing (no network index yet) before a download fails
 * @param metaTimeout      wait for one metadata reply
 * @param maxLinks         most seeders used by one download at once
 * @param verifyThreads    threads that hash and write received chunks
 * @param progressInterval how often progress is published while bytes flow
 */
public record TransferSettings(int maxActive, int initialWindow, int maxWindow, int maxBuffered,
                               Duration targetQueueDelay, Duration stallTimeout, Duration firstReply,
                               Duration maxBackoff, Duration lookupInterval, Duration lookupPatience,
                               Duration metaTimeout, int maxLinks, int verifyThreads, Duration progressInterval) {
    public TransferSettings {
        positive(maxActive, "maxActive");
        positive(initialWindow, "initialWindow");
        positive(maxBuffered, "maxBuffered");
        positive(maxLinks, "maxLinks");
        positive(verifyThreads, "verifyThreads");
        if (maxWindow < initialWindow || maxWindow > 48) {
            throw new IllegalArgumentException("maxWindow must lie between initialWindow and 48");
        }
        for (Duration d : new Duration[] {targetQueueDelay, stallTimeout, firstReply, maxBackoff, lookupInterval,
                lookupPatience, metaTimeout, progressInterval}) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("transfer timings must be positive");
            }
        }
    }

    public static TransferSettings defaults() {
        return new TransferSettings(4, 8, 16, 48, Duration.ofMillis(150), Duration.ofSeconds(2),
                Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofSeconds(60),
                Duration.ofSeconds(5), 16, Math.max(2, Math.min(4, Runtime.getRuntime().availableProcessors())),
                Duration.ofMillis(250));
    }

    /** The same settings with other timeouts (tests shorten them). */
    public TransferSettings withTimeouts(Duration stall, Duration first, Duration backoff, Duration lookup) {
        return new TransferSettings(maxActive, initialWindow, maxWindow, maxBuffered, targetQueueDelay, stall, first,
                backoff, lookup, lookupPatience, metaTimeout, maxLinks, verifyThreads, progressInterval);
    }

    /** The same settings with another patience (tests shorten it). */
    public TransferSettings withPatience(Duration patience) {
        return new TransferSettings(maxActive, initialWindow, maxWindow, maxBuffered, targetQueueDelay, stallTimeout,
                firstReply, maxBackoff, lookupInterval, patience, metaTimeout, maxLinks, verifyThreads,
                progressInterval);
    }

    private static void positive(int value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
