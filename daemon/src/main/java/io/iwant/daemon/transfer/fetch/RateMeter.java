package io.iwant.daemon.transfer.fetch;

/**
 * A byte rate smoothed over about {@code tau}: bytes are counted into short periods, and each finished period
 * moves the estimate towards its own rate with an exponential weight. Time comes in as nanoseconds from the
 * caller's clock. Not thread-safe: one owner.
 */
final class RateMeter {
    private static final long PERIOD = 200_000_000L;

    private final double tauNanos;
    private long periodStart;
    private long periodBytes;
    private double rate;
    private boolean primed;
    private long total;

    RateMeter(long now, long tauNanos) {
        this.periodStart = now;
        this.tauNanos = tauNanos;
    }

    void add(long bytes, long now) {
        roll(now);
        periodBytes += bytes;
        total += bytes;
    }

    /** Bytes per second. */
    double rate(long now) {
        roll(now);
        return rate;
    }

    /** True once at least one period with bytes has passed. */
    boolean known(long now) {
        roll(now);
        return primed;
    }

    long total() {
        return total;
    }

    private void roll(long now) {
        long elapsed = now - periodStart;
        if (elapsed < PERIOD) {
            return;
        }
        double instant = periodBytes * 1e9 / elapsed;
        if (!primed) {
            if (periodBytes == 0) {
                periodStart = now;
                return;
            }
            rate = instant;
            primed = true;
        } else {
            double weight = 1 - Math.exp(-elapsed / tauNanos);
            rate += weight * (instant - rate);
        }
        periodStart = now;
        periodBytes = 0;
    }
}
