package io.iwant.tui.screen;

import com.googlecode.lanterna.gui2.BasicWindow;
import com.googlecode.lanterna.gui2.BorderLayout;
import com.googlecode.lanterna.gui2.Interactable;
import com.googlecode.lanterna.gui2.LinearLayout;
import com.googlecode.lanterna.gui2.Panel;
import com.googlecode.lanterna.gui2.Window;
import com.googlecode.lanterna.gui2.WindowListenerAdapter;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.screen.Screen;
import io.iwant.tui.screen.model.ConnectionModel;
import io.iwant.tui.screen.model.Notice;
import io.iwant.tui.screen.view.Bars;
import io.iwant.tui.screen.view.Keys;
import io.iwant.tui.screen.view.Pane;
import io.iwant.tui.screen.view.View;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The one full-screen window: the tab line, the current view, the status bar and the key help. It routes keys:
 * first the global ones (F1-F5 and Tab switch views; Esc, Ctrl-C and, where nothing is typed, q quit), then the
 * view's own, then the focused widget.
 */
final class MainWindow extends BasicWindow {
    private final List<View> views;
    private final Notice notice;
    private final Runnable quit;
    private final Panel holder = new Panel(new BorderLayout());
    private final Pane tabs;
    private final Pane help;
    private int current = -1;

    MainWindow(List<View> views, ConnectionModel connection, Notice notice, Runnable quit) {
        this.views = List.copyOf(views);
        this.notice = notice;
        this.quit = quit;
        setHints(Set.of(Hint.FULL_SCREEN, Hint.NO_DECORATIONS, Hint.NO_POST_RENDERING));
        tabs = Bars.tabs(this.views, () -> current);
        help = Bars.help(notice, this::currentView);
        Pane status = Bars.status(connection);
        Panel bottom = new Panel(new LinearLayout());
        bottom.addComponent(status, LinearLayout.createLayoutData(LinearLayout.Alignment.Fill));
        bottom.addComponent(help, LinearLayout.createLayoutData(LinearLayout.Alignment.Fill));
        Panel root = new Panel(new BorderLayout());
        root.addComponent(tabs, BorderLayout.Location.TOP);
        root.addComponent(holder, BorderLayout.Location.CENTER);
        root.addComponent(bottom, BorderLayout.Location.BOTTOM);
        setComponent(root);
        connection.listeners().add(status::invalidate);
        notice.listeners().add(help::invalidate);
        addWindowListener(new WindowListenerAdapter() {
            @Override
            public void onInput(Window window, KeyStroke key, AtomicBoolean deliver) {
                if (route(key)) {
                    deliver.set(false);
                }
            }
        });
        show(0);
    }

    /** Shows view {@code index} (0-based) and gives the keyboard to its widget. */
    void show(int index) {
        if (index == current) {
            return;
        }
        if (current >= 0) {
            currentView().hidden();
        }
        current = index;
        View view = currentView();
        holder.removeAllComponents();
        holder.addComponent(view.component(), BorderLayout.Location.CENTER);
        Interactable focus = view.focus();
        setFocusedInteractable(focus);
        tabs.invalidate();
        help.invalidate();
        view.shown();
    }

    View currentView() {
        return views.get(current);
    }

    private boolean route(KeyStroke key) {
        if (key.getKeyType() == KeyType.EOF) {
            quit.run(); // the terminal went away
            return true;
        }
        notice.clear();
        return global(key) || currentView().handleKey(key);
    }

    private boolean global(KeyStroke key) {
        KeyType type = key.getKeyType();
        if (type == KeyType.Escape || Keys.ctrl(key, 'c') || (Keys.is(key, 'q') && !currentView().takesText())) {
            quit.run();
            return true;
        }
        if (type == KeyType.Tab) {
            show((current + 1) % views.size());
            return true;
        }
        if (type == KeyType.ReverseTab) {
            show((current + views.size() - 1) % views.size());
            return true;
        }
        int f = switch (type) {
            case F1 -> 0;
            case F2 -> 1;
            case F3 -> 2;
            case F4 -> 3;
            case F5 -> 4;
            default -> -1;
        };
        if (f >= 0 && f < views.size()) {
            show(f);
            return true;
        }
        if (Keys.ctrl(key, 'l') && getTextGUI() != null) {
            redraw(getTextGUI().getScreen());
            return true;
        }
        return false;
    }

    /** Ctrl-L: sends the whole screen again, for a terminal that got garbled (over SSH, say). */
    private static void redraw(Screen screen) {
        try {
            screen.refresh(Screen.RefreshType.COMPLETE);
        } catch (IOException e) {
            // the terminal is gone; the next read reports it
        }
    }
}
