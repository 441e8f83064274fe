package io.iwant.daemon.discovery;

/**
 * How a peer is asked whether it is there: a ping at once, then one every ping interval, until a deadline. Several
 * pings per probe, so that one lost datagram does not make a live peer look gone.
 */
final class Probe {
    private final long until;
    private final long interval;
    private long nextPingAt;

    private Probe(long until, long interval, long nextPingAt) {
        this.until = until;
        this.interval = interval;
        this.nextPingAt = nextPingAt;
    }

    /** A probe that starts at {@code now} and gives up after {@code timeout}. */
    static Probe start(long now, long interval, long timeout) {
        return new Probe(now + timeout, interval, now);
    }

    /** Whether a ping is due at {@code now}; if so, the next one is scheduled. */
    boolean pingDue(long now) {
        if (now >= until || now < nextPingAt) {
            return false;
        }
        nextPingAt = now + interval;
        return true;
    }

    /** Whether the probe got no answer in time. */
    boolean over(long now) {
        return now >= until;
    }

    /** When the next ping is due or the probe gives up. */
    long nextDeadline() {
        return Math.min(until, nextPingAt);
    }
}
