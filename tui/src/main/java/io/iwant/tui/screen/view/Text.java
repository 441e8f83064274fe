package io.iwant.tui.screen.view;

import com.googlecode.lanterna.TerminalTextUtils;
import io.iwant.protocol.text.TerminalText;

/** Fitting text into terminal columns (wide characters count twice), cleaned by {@link TerminalText} first. */
public final class Text {
    private Text() {
    }

    /** Terminal columns {@code s} takes. */
    public static int width(String s) {
        return TerminalTextUtils.getColumnWidth(s);
    }

    /** {@code s} cut to {@code columns} (with an ellipsis when cut) and padded with spaces to exactly that width. */
    public static String fit(String s, int columns) {
        if (columns <= 0) {
            return "";
        }
        String clean = TerminalText.clean(s);
        if (width(clean) > columns) {
            clean = TerminalTextUtils.fitString(clean, columns - 1) + "…";
        }
        return clean + " ".repeat(Math.max(0, columns - width(clean)));
    }

    /** {@code s} right-aligned in {@code columns}, cut on the left if it does not fit. */
    public static String right(String s, int columns) {
        String clean = TerminalText.clean(s);
        int w = width(clean);
        if (w > columns) {
            return fit(clean, columns);
        }
        return " ".repeat(columns - w) + clean;
    }
}
