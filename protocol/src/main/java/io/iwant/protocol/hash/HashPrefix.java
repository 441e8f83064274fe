package io.iwant.protocol.hash;

import io.iwant.protocol.UserError;
import io.iwant.protocol.text.TerminalText;

import java.util.Locale;

/**
 * What the user typed to name a file or folder by content: a full hash or a prefix of at least
 * {@value #MIN_DIGITS} hex digits, any case. Parsing rejects anything else with one sentence for the user; the
 * client checks with it before asking the daemon, and the daemon again before asking the leader.
 */
public record HashPrefix(String hex) {
    public static final int MIN_DIGITS = 6;
    public static final int FULL_DIGITS = 2 * ContentHash.HASH_BYTES;

    public HashPrefix {
        if (!isValid(hex)) {
            throw new IllegalArgumentException("not a lowercase hash prefix: " + hex);
        }
    }

    /** True for {@value #MIN_DIGITS} to {@value #FULL_DIGITS} lowercase hex digits. */
    public static boolean isValid(String hex) {
        return hex != null && hex.length() >= MIN_DIGITS && hex.length() <= FULL_DIGITS && hex.matches("[0-9a-f]+");
    }

    /**
     * Reads a user's hash or hash prefix (surrounding blanks ignored).
     *
     * @throws UserError (usage) with a sentence saying what is wrong
     */
    public static HashPrefix parse(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        if (t.isEmpty()) {
            throw new UserError(UserError.USAGE, "Give the hash of a file or folder, or at least its first "
                    + MIN_DIGITS + " hex digits.");
        }
        if (!t.matches("[0-9a-f]+")) {
            throw new UserError(UserError.USAGE, "\"" + shorten(TerminalText.clean(text.strip()))
                    + "\" is not a hash: use only the hex digits 0-9 and a-f that search prints.");
        }
        if (t.length() < MIN_DIGITS) {
            throw new UserError(UserError.USAGE, "The hash prefix \"" + t + "\" is too short: give at least "
                    + MIN_DIGITS + " hex digits.");
        }
        if (t.length() > FULL_DIGITS) {
            throw new UserError(UserError.USAGE, "\"" + shorten(t) + "\" is longer than a hash, which has "
                    + FULL_DIGITS + " hex digits.");
        }
        return new HashPrefix(t);
    }

    public boolean isFull() {
        return hex.length() == FULL_DIGITS;
    }

    /** True if the printed hash {@code hash} starts with this prefix. */
    public boolean matches(String hash) {
        return hash.startsWith(hex);
    }

    private static String shorten(String s) {
        return s.length() <= 70 ? s : s.substring(0, 67) + "...";
    }
}
