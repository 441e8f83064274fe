package io.iwant.tui.screen.view;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.gui2.AbstractComponent;
import com.googlecode.lanterna.gui2.ComponentRenderer;
import com.googlecode.lanterna.gui2.TextGUIGraphics;

/**
 * A component that paints itself from models: the list panes of the views and the bars around them. It asks for
 * {@code rows} rows (0: as many as there are) and takes whatever width it gets.
 */
public abstract class Pane extends AbstractComponent<Pane> {
    private final int rows;

    protected Pane(int rows) {
        this.rows = rows;
    }

    /** Paints the whole area; called on the GUI thread whenever the pane is invalid. */
    protected abstract void paint(Painter painter);

    @Override
    protected ComponentRenderer<Pane> createDefaultRenderer() {
        return new ComponentRenderer<>() {
            @Override
            public TerminalSize getPreferredSize(Pane component) {
                return new TerminalSize(1, Math.max(1, rows));
            }

            @Override
            public void drawComponent(TextGUIGraphics graphics, Pane component) {
                graphics.setForegroundColor(Style.NORMAL.foreground);
                graphics.setBackgroundColor(Style.NORMAL.background);
                graphics.clearModifiers();
                graphics.fill(' ');
                paint(new Painter(graphics));
            }
        };
    }
}
