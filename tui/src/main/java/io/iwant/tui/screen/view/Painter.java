package io.iwant.tui.screen.view;

import com.googlecode.lanterna.TerminalPosition;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.gui2.TextGUIGraphics;
import io.iwant.protocol.text.TerminalText;

/** Draws styled text into one component's area, clipped to it. */
public final class Painter {
    private final TextGUIGraphics graphics;

    Painter(TextGUIGraphics graphics) {
        this.graphics = graphics;
    }

    public int width() {
        return graphics.getSize().getColumns();
    }

    public int height() {
        return graphics.getSize().getRows();
    }

    /** Writes {@code text} from {@code column} on {@code row}, cut at the right edge; returns the next column. */
    public int put(int column, int row, String text, Style style) {
        if (row < 0 || row >= height() || column >= width()) {
            return column;
        }
        String fitted = TerminalText.clean(text);
        if (Text.width(fitted) > width() - column) {
            fitted = Text.fit(fitted, width() - column);
        }
        apply(style);
        graphics.putString(column, row, fitted);
        return column + Text.width(fitted);
    }

    /** Fills a whole row with {@code style} and writes {@code text} at its start. */
    public void line(int row, String text, Style style) {
        if (row < 0 || row >= height()) {
            return;
        }
        apply(style);
        graphics.fillRectangle(new TerminalPosition(0, row), new TerminalSize(width(), 1), ' ');
        put(0, row, text, style);
    }

    /** Writes word-wrapped text from {@code row}, indented by {@code indent}; returns the row after it. */
    public int wrap(int row, int indent, String text, Style style) {
        int columns = Math.max(10, width() - indent - 1);
        for (String part : com.googlecode.lanterna.TerminalTextUtils.getWordWrappedText(columns, text)) {
            put(indent, row++, part, style);
        }
        return row;
    }

    private void apply(Style style) {
        graphics.setForegroundColor(style.foreground);
        graphics.setBackgroundColor(style.background);
        graphics.setModifiers(style.modifiers);
    }
}
