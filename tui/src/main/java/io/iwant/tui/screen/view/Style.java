package io.iwant.tui.screen.view;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TextColor;

import java.util.EnumSet;

/**
 * The few looks the UI uses. They are drawn over the terminal's own colours (default foreground and background), so
 * the screen reads well on dark and light terminals alike; emphasis comes from reverse video, bold and a few ANSI
 * colours.
 */
public enum Style {
    NORMAL(TextColor.ANSI.DEFAULT, TextColor.ANSI.DEFAULT),
    HEADING(TextColor.ANSI.DEFAULT, TextColor.ANSI.DEFAULT, SGR.BOLD),
    HINT(TextColor.ANSI.CYAN, TextColor.ANSI.DEFAULT),
    SELECTED(TextColor.ANSI.WHITE_BRIGHT, TextColor.ANSI.BLUE, SGR.BOLD),
    ERROR(TextColor.ANSI.RED_BRIGHT, TextColor.ANSI.DEFAULT, SGR.BOLD),
    OK(TextColor.ANSI.GREEN, TextColor.ANSI.DEFAULT),
    WARN(TextColor.ANSI.YELLOW, TextColor.ANSI.DEFAULT),
    BAR_DONE(TextColor.ANSI.GREEN_BRIGHT, TextColor.ANSI.DEFAULT, SGR.BOLD),
    BAR_LEFT(TextColor.ANSI.DEFAULT, TextColor.ANSI.DEFAULT),
    BAR(TextColor.ANSI.DEFAULT, TextColor.ANSI.DEFAULT, SGR.REVERSE),
    TAB(TextColor.ANSI.DEFAULT, TextColor.ANSI.DEFAULT),
    TAB_ACTIVE(TextColor.ANSI.DEFAULT, TextColor.ANSI.DEFAULT, SGR.REVERSE, SGR.BOLD);

    final TextColor foreground;
    final TextColor background;
    final EnumSet<SGR> modifiers;

    Style(TextColor foreground, TextColor background, SGR... modifiers) {
        this.foreground = foreground;
        this.background = background;
        this.modifiers = modifiers.length == 0 ? EnumSet.noneOf(SGR.class) : EnumSet.of(modifiers[0], modifiers);
    }
}
