package io.iwant.protocol.text;

/**
 * How many terminal columns text takes, so that tables line up whatever the names hold: East Asian wide and
 * fullwidth characters (CJK, Hangul, fullwidth forms, most emoji) take two, combining marks and other zero-width
 * characters none, everything else one. A close approximation of {@code wcwidth}, without the terminal.
 */
public final class Columns {
    private Columns() {
    }

    /** The columns {@code text} takes on a terminal (after {@link TerminalText#clean}). */
    public static int width(String text) {
        int columns = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            columns += width(cp);
            i += Character.charCount(cp);
        }
        return columns;
    }

    /** The columns one code point takes: 0, 1 or 2. */
    public static int width(int cp) {
        int type = Character.getType(cp);
        if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK || type == Character.FORMAT
                || cp == 0x200b) {
            return 0;
        }
        return wide(cp) ? 2 : 1;
    }

    /**
     * {@code text} cut to at most {@code columns} columns (ending in "…" when cut) and padded with spaces to exactly
     * {@code columns}.
     */
    public static String fit(String text, int columns) {
        int used = width(text);
        if (used <= columns) {
            return text + " ".repeat(columns - used);
        }
        StringBuilder out = new StringBuilder();
        used = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int w = width(cp);
            if (used + w > columns - 1) {
                break;
            }
            out.appendCodePoint(cp);
            used += w;
            i += Character.charCount(cp);
        }
        out.append('…');
        used++;
        return out + " ".repeat(Math.max(0, columns - used));
    }

    private static boolean wide(int cp) {
        return (cp >= 0x1100 && cp <= 0x115f) // Hangul Jamo initials
                || (cp >= 0x2e80 && cp <= 0x303e) // CJK radicals, punctuation
                || (cp >= 0x3041 && cp <= 0x33ff) // kana, CJK symbols
                || (cp >= 0x3400 && cp <= 0x4dbf) // CJK extension A
                || (cp >= 0x4e00 && cp <= 0x9fff) // CJK unified ideographs
                || (cp >= 0xa000 && cp <= 0xa4cf) // Yi
                || (cp >= 0xac00 && cp <= 0xd7a3) // Hangul syllables
                || (cp >= 0xf900 && cp <= 0xfaff) // CJK compatibility ideographs
                || (cp >= 0xfe30 && cp <= 0xfe4f) // CJK compatibility forms
                || (cp >= 0xff00 && cp <= 0xff60) // fullwidth forms
                || (cp >= 0xffe0 && cp <= 0xffe6)
                || (cp >= 0x1f300 && cp <= 0x1f64f) // pictographs, emoticons
                || (cp >= 0x1f900 && cp <= 0x1f9ff)
                || (cp >= 0x20000 && cp <= 0x3fffd); // CJK extensions B and later
    }
}
