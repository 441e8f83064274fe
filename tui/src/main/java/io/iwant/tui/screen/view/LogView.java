package io.iwant.tui.screen.view;

import com.googlecode.lanterna.TerminalTextUtils;
import com.googlecode.lanterna.gui2.Component;
import com.googlecode.lanterna.input.KeyStroke;
import io.iwant.tui.screen.model.LogModel;

import java.util.ArrayList;
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
                // long lines wrap (continuations indented), and the newest rows sit at the bottom
                int rows = p.height() - 1;
                List<String> shown = new ArrayList<>();
                List<Style> styles = new ArrayList<>();
                List<String> lines = log.lines();
                for (int i = lines.size() - 1; i >= 0 && shown.size() < rows; i--) {
                    String line = lines.get(i);
                    Style style = line.contains(" ERROR ") ? Style.ERROR
                            : line.contains(" WARN ") ? Style.WARN : Style.NORMAL;
                    List<String> parts = TerminalTextUtils.getWordWrappedText(Math.max(10, p.width() - 4), line);
                    for (int j = parts.size() - 1; j >= 0 && shown.size() < rows; j--) {
                        shown.add((j == 0 ? "" : "   ") + parts.get(j));
                        styles.add(style);
                    }
                }
                for (int k = 0; k < shown.size(); k++) {
                    p.put(1, shown.size() - k, shown.get(k), styles.get(k));
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
