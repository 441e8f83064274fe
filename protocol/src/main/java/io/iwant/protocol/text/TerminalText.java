package io.iwant.protocol.text;

/**
 * Text from elsewhere (file names from peers, refusal reasons, peer ids, log lines) made safe to put on a terminal.
 * Every character that could move the cursor, change colours, set the window title, ring the bell or reorder
 * what follows is shown as one {@code '?'}: the C0 controls (including NUL, BEL, CR, LF, TAB and ESC, so no escape
 * sequence can start), DEL, the C1 controls (U+0080 to U+009F, among them the one-character CSI and OSC), the
 * bidirectional overrides, embeddings and isolates (U+202A to U+202E, U+2066 to U+2069) and the direction marks
 * (U+200E, U+200F, U+061C), and the line and paragraph separators (U+2028, U+2029). One replaced character stays one
 * column wide, so text fitted to columns after cleaning keeps its layout; the rest of the text is kept as it is.
 * Callers that print a line add their own newline after the cleaned text.
 */
public final class TerminalText {
    /** What every unsafe character is shown as. */
    public static final char REPLACEMENT = '?';

    private TerminalText() {
    }

    /** {@code text} with every unsafe character replaced by {@link #REPLACEMENT}; null becomes the empty string. */
    public static String clean(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (isUnsafe(c)) {
                if (out == null) {
                    out = new StringBuilder(text.length()).append(text, 0, i);
                }
                out.append(REPLACEMENT);
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }

    /** True for a character {@link #clean} replaces. */
    public static boolean isUnsafe(char c) {
        return Character.isISOControl(c) // C0, DEL, C1
                || (c >= '\u202a' && c <= '\u202e') // embeddings and overrides
                || (c >= '\u2066' && c <= '\u2069') // isolates
                || c == '\u200e' || c == '\u200f' || c == '\u061c' // direction marks
                || c == '\u2028' || c == '\u2029'; // line and paragraph separators
    }
}
