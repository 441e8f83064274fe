package io.iwant.tui.screen.view;

import com.googlecode.lanterna.gui2.Component;
import com.googlecode.lanterna.gui2.Interactable;
import com.googlecode.lanterna.input.KeyStroke;
import io.iwant.tui.screen.model.LogModel;

import java.util.List;
import java.util.function.Consumer;

/** The last lines of the daemon's log, read only while this view is shown. */
public final class LogView implements View {
    private final Consumer<Boolean> tail;
    private final Pane pane;

    /** {@code tail} switches reading the log on and off. */
    public LogView(LogModel log, Consumer<Boolean> tail) {
        this.tail = tail;
        this.pane = new Pane(0) {
            @Override
            protected void paint(Painter p) {
                p.line(0, " LOG  " + log.path(), Style.HEADING);
                if (!log.problem().isEmpty()) {
                    p.wrap(2, 2, log.problem(), Style.HINT);
                    return;
                }
                List<String> lines = log.lines();
                int rows = p.height() - 1;
                int first = Math.max(0, lines.size() - rows);
                for (int i = first; i < lines.size(); i++) {
                    String line = lines.get(i);
                    p.put(1, 1 + i - first, line, line.contains(" ERROR ") ? Style.ERROR
                            : line.contains(" WARN ") ? Style.WARN : Style.NORMAL);
                }
            }
        };
        log.listeners().add(pane::invalidate);
    }

    @Override
    public String title() {
        return "Log";
    }

    @Override
    public Component component() {
        return pane;
    }

    @Override
    public Interactable focus() {
        return null;
    }

    @Override
    public boolean takesText() {
        return false;
    }

    @Override
    public String keys() {
        return "the newest lines at the bottom  Tab views  q quit";
    }

    @Override
    public boolean handleKey(KeyStroke key) {
        return false;
    }

    @Override
    public void shown() {
        tail.accept(true);
    }

    @Override
    public void hidden() {
        tail.accept(false);
    }
}
