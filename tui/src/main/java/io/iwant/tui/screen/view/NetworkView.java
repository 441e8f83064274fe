package io.iwant.tui.screen.view;

import com.googlecode.lanterna.gui2.Component;
import com.googlecode.lanterna.input.KeyStroke;
import io.iwant.tui.screen.model.ConnectionModel;

/** The members of the network, which one leads, and this peer's own id. */
public final class NetworkView implements View {
    private final NetworkPane pane;

    public NetworkView(ConnectionModel connection) {
        this.pane = new NetworkPane(connection);
        connection.listeners().add(pane::invalidate);
    }

    @Override
    public String title() {
        return "Network";
    }

    @Override
    public Component component() {
        return pane;
    }

    @Override
    public String keys() {
        return "↑↓ scroll  Tab views  q quit";
    }

    @Override
    public boolean handleKey(KeyStroke key) {
        switch (key.getKeyType()) {
            case ArrowUp -> pane.scroll(-1);
            case ArrowDown -> pane.scroll(1);
            case PageUp -> pane.scroll(-Keys.page(pane.visibleRows()));
            case PageDown -> pane.scroll(Keys.page(pane.visibleRows()));
            default -> {
                return false;
            }
        }
        return true;
    }
}
