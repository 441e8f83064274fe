package io.iwant.tui.screen.view;

import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.gui2.BorderLayout;
import com.googlecode.lanterna.gui2.Component;
import com.googlecode.lanterna.gui2.EmptySpace;
import com.googlecode.lanterna.gui2.Interactable;
import com.googlecode.lanterna.gui2.Label;
import com.googlecode.lanterna.gui2.LinearLayout;
import com.googlecode.lanterna.gui2.Panel;
import com.googlecode.lanterna.gui2.TextBox;
import com.googlecode.lanterna.input.KeyStroke;
import io.iwant.protocol.control.ControlReply;
import io.iwant.protocol.control.ControlRequest;
import io.iwant.protocol.control.ControlRequest.FolderKind;
import io.iwant.tui.screen.model.ConnectionModel;
import io.iwant.tui.screen.model.SettingsModel;
import io.iwant.tui.screen.model.SettingsModel.Field;
import io.iwant.tui.screen.work.Actions;
import io.iwant.tui.text.NetworkText;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/**
 * The shared and the download folder, edited in place. Enter sends the edited folder to the daemon, which checks it
 * like {@code iwanto share} does; its refusal appears under the field and nothing is saved. Below them, read-only,
 * the network the daemon is in (open or private, by fingerprints), which only {@code iwanto start} changes.
 */
public final class SettingsView implements View {
    private final SettingsModel settings;
    private final ConnectionModel connection;
    private final Actions actions;
    private final Map<Field, TextBox> boxes = new EnumMap<>(Field.class);
    private final Map<Field, Label> messages = new EnumMap<>(Field.class);
    /** What each box held when it was last filled from the daemon: a box that differs is being edited. */
    private final Map<Field, String> synced = new EnumMap<>(Field.class);
    private final Label offline = new Label("");
    private final Label networkMode = new Label("");
    private final Label peerKey = new Label("");
    private final Panel panel = new Panel(new LinearLayout());

    public SettingsView(SettingsModel settings, ConnectionModel connection, Actions actions) {
        this.settings = settings;
        this.connection = connection;
        this.actions = actions;
        panel.addComponent(new Label(" SETTINGS").addStyle(com.googlecode.lanterna.SGR.BOLD));
        field(Field.SHARE, "Shared folder: what this peer offers to the network");
        field(Field.DOWNLOADS, "Download folder: where downloaded files and folders go");
        panel.addComponent(new Label(" Edit a folder and press Enter. The daemon checks it first: it must exist\n"
                + " (a new download folder is created), the two must differ and neither may\n"
                + " contain the other. If it refuses, nothing is saved.").setForegroundColor(TextColor.ANSI.CYAN));
        panel.addComponent(new EmptySpace());
        panel.addComponent(new Label(" Network: who may join (read-only)").addStyle(com.googlecode.lanterna.SGR.BOLD));
        panel.addComponent(networkMode);
        panel.addComponent(peerKey);
        panel.addComponent(new Label(" Set with: iwanto start --network-key FILE (none: open); iwanto key new FILE")
                .setForegroundColor(TextColor.ANSI.CYAN));
        panel.addComponent(new EmptySpace());
        panel.addComponent(offline);
        settings.listeners().add(this::refresh);
        connection.listeners().add(this::refresh);
        refresh();
    }

    private void field(Field field, String title) {
        panel.addComponent(new EmptySpace());
        panel.addComponent(new Label(" " + title).addStyle(com.googlecode.lanterna.SGR.BOLD));
        Panel row = new Panel(new BorderLayout());
        row.addComponent(new Label(" "), BorderLayout.Location.LEFT);
        TextBox box = new TextBox();
        row.addComponent(box, BorderLayout.Location.CENTER);
        row.addComponent(new Label(" "), BorderLayout.Location.RIGHT);
        panel.addComponent(row, LinearLayout.createLayoutData(LinearLayout.Alignment.Fill));
        Label message = new Label("");
        panel.addComponent(message);
        boxes.put(field, box);
        messages.put(field, message);
        synced.put(field, "");
    }

    private void refresh() {
        for (Field f : Field.values()) {
            TextBox box = boxes.get(f);
            String current = settings.current(f);
            if (box.getText().equals(synced.get(f)) && !current.equals(synced.get(f))) {
                box.setText(current);
                synced.put(f, current);
            }
            SettingsModel.Message m = settings.message(f);
            Label label = messages.get(f);
            label.setText(m.text().isEmpty() ? "" : "   " + m.text());
            label.setForegroundColor(m.error() ? TextColor.ANSI.RED_BRIGHT : TextColor.ANSI.GREEN);
        }
        offline.setText(connection.isOnline() ? "" : " No daemon answers: start it with '" + connection.startCommand()
                + "' to change the folders.");
        offline.setForegroundColor(TextColor.ANSI.YELLOW);
        refreshNetwork();
    }

    private void refreshNetwork() {
        if (!connection.isOnline()) {
            networkMode.setText("   shown once the daemon answers");
            peerKey.setText("");
            return;
        }
        ControlReply.Network network = connection.status().network();
        networkMode.setText(network.mode() == ControlReply.NetworkMode.PRIVATE
                ? "   " + NetworkText.summary(network) + ": only peers with this key can join"
                : "   open: anyone on this segment can join");
        peerKey.setText("   this peer's key " + NetworkText.peerKey(network));
    }

    @Override
    public String title() {
        return "Settings";
    }

    @Override
    public Component component() {
        return panel;
    }

    @Override
    public Interactable focus() {
        return boxes.get(Field.SHARE);
    }

    @Override
    public boolean takesText() {
        return true;
    }

    @Override
    public String keys() {
        return "↑↓ field  Enter apply  Ctrl-U clear  Ctrl-R undo  Tab views  Esc quit";
    }

    @Override
    public boolean handleKey(KeyStroke key) {
        Field focused = focusedField();
        if (focused == null) {
            return false;
        }
        switch (key.getKeyType()) {
            case ArrowUp, ArrowDown -> {
                Field other = focused == Field.SHARE ? Field.DOWNLOADS : Field.SHARE;
                boxes.get(other).takeFocus();
            }
            case Enter -> apply(focused);
            default -> {
                if (Keys.ctrl(key, 'u')) {
                    boxes.get(focused).setText("");
                } else if (Keys.ctrl(key, 'r')) {
                    boxes.get(focused).setText(settings.current(focused));
                    synced.put(focused, settings.current(focused));
                } else {
                    return false;
                }
            }
        }
        return true;
    }

    private Field focusedField() {
        for (Field f : Field.values()) {
            if (boxes.get(f).isFocused()) {
                return f;
            }
        }
        return null;
    }

    private void apply(Field field) {
        String typed = boxes.get(field).getText().trim();
        if (settings.busy(field)) {
            return;
        }
        if (typed.isEmpty()) {
            settings.refused(field, "type a folder first");
            return;
        }
        if (!connection.isOnline()) {
            settings.refused(field, "no daemon answers, so nothing was changed");
            return;
        }
        String path;
        try {
            path = absolute(typed);
        } catch (InvalidPathException e) {
            settings.refused(field, "\"" + typed + "\" is not a valid path");
            return;
        }
        FolderKind kind = field == Field.SHARE ? FolderKind.SHARE : FolderKind.DOWNLOADS;
        settings.sending(field);
        actions.run(new ControlRequest.SetFolder(kind, path), message -> {
            boxes.get(field).setText(path);
            synced.put(field, path);
            settings.applied(field, path, message);
        }, message -> settings.refused(field, message));
    }

    /** A typed folder as an absolute path: {@code ~} is the user's home, relative paths start where iwanto runs. */
    static String absolute(String typed) {
        String expanded = typed;
        if (typed.equals("~") || typed.startsWith("~/")) {
            expanded = System.getProperty("user.home") + typed.substring(1);
        }
        return Path.of(expanded).toAbsolutePath().normalize().toString();
    }
}
