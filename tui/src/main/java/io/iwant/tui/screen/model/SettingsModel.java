package io.iwant.tui.screen.model;

import java.util.EnumMap;
import java.util.Map;

/**
 * The two folders as the daemon has them, and what happened to the last change of each: applied, refused (with the
 * daemon's sentence) or still on its way. GUI thread only.
 */
public final class SettingsModel {
    /** The two folders the settings view edits. */
    public enum Field {
        SHARE, DOWNLOADS
    }

    /** A line under a field: the daemon's answer to the last change. */
    public record Message(String text, boolean error) {
        static final Message NONE = new Message("", false);
    }

    private final Listeners listeners = new Listeners();
    private final Map<Field, String> current = new EnumMap<>(Field.class);
    private final Map<Field, Message> messages = new EnumMap<>(Field.class);
    private final Map<Field, Boolean> busy = new EnumMap<>(Field.class);

    public SettingsModel() {
        for (Field f : Field.values()) {
            current.put(f, "");
            messages.put(f, Message.NONE);
            busy.put(f, false);
        }
    }

    public Listeners listeners() {
        return listeners;
    }

    /** The folders the daemon reports. */
    public void daemonValues(String share, String downloads) {
        if (share.equals(current.get(Field.SHARE)) && downloads.equals(current.get(Field.DOWNLOADS))) {
            return;
        }
        current.put(Field.SHARE, share);
        current.put(Field.DOWNLOADS, downloads);
        listeners.fire();
    }

    /** A change of {@code field} was sent. */
    public void sending(Field field) {
        busy.put(field, true);
        messages.put(field, new Message("checking…", false));
        listeners.fire();
    }

    /** The daemon applied the change and said {@code message}. */
    public void applied(Field field, String value, String message) {
        busy.put(field, false);
        current.put(field, value);
        messages.put(field, new Message(message.isBlank() ? "saved" : message, false));
        listeners.fire();
    }

    /** The daemon refused the change; nothing was saved. */
    public void refused(Field field, String message) {
        busy.put(field, false);
        messages.put(field, new Message(message, true));
        listeners.fire();
    }

    public String current(Field field) {
        return current.get(field);
    }

    public Message message(Field field) {
        return messages.get(field);
    }

    public boolean busy(Field field) {
        return busy.get(field);
    }
}
