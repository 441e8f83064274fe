package io.iwant.daemon.election;

import java.util.Random;

/**
 * Every timing of discovery and election, in milliseconds of a monotonic clock, checked together so that they
 * make sense as a whole.
 *
 * @param beaconInterval    mean time between two beacons of one peer
 * @param beaconJitter      each beacon interval is drawn uniformly from {@code beaconInterval ± beaconJitter}
 * @param discoveryWait     how long a starting peer listens before it takes part in an election
 * @param pingInterval      how often a follower pings its leader
 * @param pingTimeout       a leader that has not answered for this long is lost
 * @param electionTimeout   how long a peer waits for an older candidate to announce its victory
 * @param peerTimeout       a peer silent for this long has left
 * @param ageMargin         starts closer than this count as equally old (the random tiebreak decides between
 *                          them when nobody leads yet, and an established leader keeps leading); a peer challenges
 *                          a leader only when it started more than this much earlier, so network jitter never
 *                          flips an established order
 * @param establishMillis   how long a peer must have been known to the election before its claim to lead can
 *                          replace a leadership this peer holds or follows: a peer that just showed up, however
 *                          old it says it is, takes over only after it has stayed this long (the same delay on
 *                          every peer, so they still agree once a partition heals)
 */
public record Timings(long beaconInterval, long beaconJitter, long discoveryWait, long pingInterval,
                      long pingTimeout, long electionTimeout, long peerTimeout, long ageMargin,
                      long establishMillis) {

    /**
     * What the daemon uses: beacons twice a second, a leader lost after 1 s, a peer gone after 3 s, a newcomer
     * established after 2 s.
     */
    public static final Timings DEFAULT = new Timings(500, 100, 1_200, 250, 1_000, 1_000, 3_000, 500, 2_000);

    public Timings {
        positive(beaconInterval, "beacon interval");
        positive(discoveryWait, "discovery wait");
        positive(pingInterval, "ping interval");
        positive(pingTimeout, "ping timeout");
        positive(electionTimeout, "election timeout");
        positive(peerTimeout, "peer timeout");
        if (beaconJitter < 0 || beaconJitter >= beaconInterval) {
            throw new IllegalArgumentException("beacon jitter must be at least 0 and below the beacon interval");
        }
        if (ageMargin < 0 || establishMillis < 0) {
            throw new IllegalArgumentException("age margin and establish time must not be negative");
        }
        if (pingTimeout <= pingInterval) {
            throw new IllegalArgumentException("ping timeout must be longer than the ping interval");
        }
        if (peerTimeout <= 2 * (beaconInterval + beaconJitter)) {
            throw new IllegalArgumentException("peer timeout must cover more than two beacon intervals");
        }
        if (discoveryWait <= beaconInterval + beaconJitter) {
            throw new IllegalArgumentException("discovery wait must cover at least one beacon interval");
        }
    }

    /** The longest a leader waits before it repeats its victory to a peer that does not follow it. */
    public long reannounceInterval() {
        return Math.max(1, beaconInterval / 2);
    }

    /** The time until the next beacon, drawn from {@code beaconInterval ± beaconJitter}. */
    long beaconDelay(Random random) {
        return beaconInterval - beaconJitter + (beaconJitter == 0 ? 0 : random.nextInt((int) (2 * beaconJitter + 1)));
    }

    private static void positive(long value, String what) {
        if (value <= 0) {
            throw new IllegalArgumentException(what + " must be positive");
        }
    }
}
