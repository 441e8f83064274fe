package io.iwant.daemon.play;

/**
 * What part of a file of known size a request asks for, from its {@code Range} header (RFC 9110, section 14): one
 * range of bytes answers 206 with that part, a range that starts at or past the end answers 416, and anything else
 * (no header, another unit, several ranges, a malformed one) the whole file with 200, which the RFC allows. Pure.
 */
final class Ranges {
    /** The answer: its status, and the bytes from {@code first} for {@code length} (none for 416). */
    record Part(int status, long first, long length) {
        long last() {
            return first + length - 1;
        }
    }

    private static final String UNIT = "bytes=";

    private Ranges() {
    }

    static Part of(String header, long size) {
        Part whole = new Part(200, 0, size);
        if (header == null || !header.regionMatches(true, 0, UNIT, 0, UNIT.length())) {
            return whole;
        }
        String spec = header.substring(UNIT.length()).strip();
        int dash = spec.indexOf('-');
        if (dash < 0 || spec.indexOf(',') >= 0) {
            return whole;
        }
        long from = number(spec.substring(0, dash).strip());
        long to = number(spec.substring(dash + 1).strip());
        if (dash == 0) { // the last n bytes
            if (to < 0) {
                return whole;
            }
            return to == 0 || size == 0 ? new Part(416, 0, 0) : new Part(206, Math.max(0, size - to),
                    Math.min(size, to));
        }
        if (from < 0 || (dash < spec.length() - 1 && (to < 0 || to < from))) {
            return whole;
        }
        if (from >= size) {
            return new Part(416, 0, 0);
        }
        long last = dash == spec.length() - 1 ? size - 1 : Math.min(to, size - 1);
        return new Part(206, from, last - from + 1);
    }

    /** A decimal number of at most 18 digits, or -1. */
    private static long number(String digits) {
        if (digits.isEmpty() || digits.length() > 18) {
            return -1;
        }
        for (int i = 0; i < digits.length(); i++) {
            if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
                return -1;
            }
        }
        return Long.parseLong(digits);
    }
}
