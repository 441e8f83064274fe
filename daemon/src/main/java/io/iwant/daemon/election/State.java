package io.iwant.daemon.election;

/** Where a peer stands in the election. */
public enum State {
    /** Just started: listening for beacons before taking part. */
    DISCOVERING,
    /** No leader: waiting for an older candidate to announce its victory. */
    ELECTING,
    /** Heard that some peer leads: asking it for its term and secret before following it. */
    JOINING,
    /** Following a leader whose secret is known; pinging it. */
    FOLLOWING,
    /** Leading. */
    LEADING
}
