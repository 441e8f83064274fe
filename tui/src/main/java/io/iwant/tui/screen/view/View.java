package io.iwant.tui.screen.view;

import com.googlecode.lanterna.gui2.Component;
import com.googlecode.lanterna.gui2.Interactable;
import com.googlecode.lanterna.input.KeyStroke;

/** One screen of the UI (search, downloads, network, settings, log) as the main window switches between them. */
public interface View {

    /** The name on its tab. */
    String title();

    /** What fills the window between the tab line and the status bar. */
    Component component();

    /** The widget that gets the keyboard when the view is shown, or null (the default) when the view handles keys. */
    default Interactable focus() {
        return null;
    }

    /** True when plain letters are typed into the view, so they must not be taken as commands (like q to quit). */
    default boolean takesText() {
        return false;
    }

    /** The key help line. */
    String keys();

    /** A key before any widget sees it; returns true when the view used it. GUI thread. */
    boolean handleKey(KeyStroke key);

    /** The view became visible. */
    default void shown() {
    }

    /** The view was replaced by another one. */
    default void hidden() {
    }
}
