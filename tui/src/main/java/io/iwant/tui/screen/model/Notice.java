package io.iwant.tui.screen.model;

/**
 * A one-line message for the user after an action ("downloading …", or why it failed). It replaces the key help
 * until the next key press. GUI thread only.
 */
public final class Notice {
    private final Listeners listeners = new Listeners();
    private String text = "";
    private boolean error;

    public Listeners listeners() {
        return listeners;
    }

    public void show(String message, boolean isError) {
        text = message;
        error = isError;
        listeners.fire();
    }

    public void clear() {
        if (!text.isEmpty()) {
            text = "";
            error = false;
            listeners.fire();
        }
    }

    public String text() {
        return text;
    }

    public boolean isError() {
        return error;
    }
}
