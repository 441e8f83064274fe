package io.iwant.tui.screen.view;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;

/** Small predicates over key strokes. */
public final class Keys {
    private Keys() {
    }

    /** A plain character key (no Ctrl or Alt) equal to {@code c}. */
    public static boolean is(KeyStroke key, char c) {
        return key.getKeyType() == KeyType.Character && !key.isCtrlDown() && !key.isAltDown()
                && key.getCharacter() == c;
    }

    /** Ctrl plus the letter {@code c}. */
    public static boolean ctrl(KeyStroke key, char c) {
        return key.getKeyType() == KeyType.Character && key.isCtrlDown() && !key.isAltDown()
                && Character.toLowerCase(key.getCharacter()) == c;
    }

    /** How many rows a page key moves: a page of the visible list, at least one. */
    public static int page(int visibleRows) {
        return Math.max(1, visibleRows - 1);
    }
}
