package io.iwant.protocol.wire;

/**
 * The bounds on what peers say to each other, in one table. Every message record checks its fields against these
 * in its constructor, on the sender as on the receiver, so nothing leaves a peer that it would refuse to receive,
 * and a reply built from received values always fits a frame. Errors about a field name the field and the bound,
 * never the received text.
 */
public final class Limits {
    /** A sentence from a peer: a refusal's reason, a not-found message (characters). */
    public static final int MAX_REASON = 200;
    /** A path relative to a share root, in UTF-8 bytes (the usual PATH_MAX); each segment as a folder name. */
    public static final int MAX_PATH_BYTES = 4096;
    /** A peer endpoint "a.b.c.d:port" (characters). */
    public static final int MAX_ENDPOINT = 21;
    /**
     * The longest uptime a peer may claim, 20 years in ms: far above any real process, far below where adding it to
     * a clock could overflow.
     */
    public static final long MAX_UPTIME_MILLIS = 20L * 366 * 24 * 3600 * 1000;
    /**
     * The highest election term: terms grow by one per election, so 2^52 is never reached honestly, and adding to
     * it never overflows a long.
     */
    public static final long MAX_TERM = 1L << 52;
    /** Search results or ambiguous candidates in one answer. */
    public static final int MAX_RESULTS = 1000;
    /** Seeders named in one lookup answer. */
    public static final int MAX_SEEDERS = 256;
    /** Members a leader names in one answer as not taken in yet. */
    public static final int MAX_PENDING = 256;

    private Limits() {
    }

    /** Whether {@code text} is not null and has at most {@code max} characters. */
    public static boolean fits(String text, int max) {
        return text != null && text.length() <= max;
    }

    /** {@code term + 1}, saturating at {@link #MAX_TERM}. */
    public static long nextTerm(long term) {
        return term >= MAX_TERM ? MAX_TERM : Math.max(0, term) + 1;
    }
}
