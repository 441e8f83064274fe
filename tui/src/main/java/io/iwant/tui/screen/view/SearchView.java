package io.iwant.tui.screen.view;

import com.googlecode.lanterna.gui2.BorderLayout;
import com.googlecode.lanterna.gui2.Component;
import com.googlecode.lanterna.gui2.Interactable;
import com.googlecode.lanterna.gui2.Label;
import com.googlecode.lanterna.gui2.Panel;
import com.googlecode.lanterna.gui2.TextBox;
import com.googlecode.lanterna.input.KeyStroke;
import io.iwant.protocol.control.ControlReply.Hit;
import io.iwant.tui.screen.model.ConnectionModel;
import io.iwant.tui.screen.model.SearchModel;
import io.iwant.tui.screen.work.Searcher;

import java.util.function.Consumer;

/**
 * The first screen: a query box and the results under it, fzf style. Typing searches, the arrows move the
 * highlight, Enter downloads the highlighted file or folder, Ctrl-P plays the highlighted file while it downloads
 * (the query box keeps the keyboard throughout).
 */
public final class SearchView implements View {
    private final SearchModel search;
    private final Searcher searcher;
    private final Consumer<Hit> download;
    private final Consumer<Hit> play;
    private final TextBox query = new TextBox();
    private final ResultsPane results;
    private final Panel panel = new Panel(new BorderLayout());
    private String lastLeader;
    private boolean wasOnline;

    /** {@code download} and {@code play} are called on the GUI thread with the result the user picked. */
    public SearchView(SearchModel search, ConnectionModel connection, Searcher searcher, Consumer<Hit> download,
                      Consumer<Hit> play) {
        this.search = search;
        this.searcher = searcher;
        this.download = download;
        this.play = play;
        this.results = new ResultsPane(search, connection);
        Panel row = new Panel(new BorderLayout());
        row.addComponent(new Label(" Search: "), BorderLayout.Location.LEFT);
        row.addComponent(query, BorderLayout.Location.CENTER);
        row.addComponent(new Label(" "), BorderLayout.Location.RIGHT);
        panel.addComponent(row, BorderLayout.Location.TOP);
        panel.addComponent(results, BorderLayout.Location.CENTER);
        query.setTextChangeListener((text, byUser) -> searcher.typed(text));
        search.listeners().add(results::invalidate);
        connection.listeners().add(() -> {
            results.invalidate();
            // the network became searchable (daemon back, or a leader elected): ask again for what is typed
            String leader = connection.leader();
            boolean online = connection.isOnline();
            if ((online && !wasOnline) || (leader != null && !leader.equals(lastLeader))) {
                searcher.refresh();
            }
            wasOnline = online;
            lastLeader = leader;
        });
    }

    @Override
    public String title() {
        return "Search";
    }

    @Override
    public Component component() {
        return panel;
    }

    @Override
    public Interactable focus() {
        return query;
    }

    @Override
    public boolean takesText() {
        return true;
    }

    @Override
    public String keys() {
        return "↑↓ choose  Enter download  Ctrl-P play  Ctrl-U clear  Tab views  Esc quit";
    }

    @Override
    public boolean handleKey(KeyStroke key) {
        switch (key.getKeyType()) {
            case ArrowUp -> search.move(-1);
            case ArrowDown -> search.move(1);
            case PageUp -> search.move(-Keys.page(results.visibleRows()));
            case PageDown -> search.move(Keys.page(results.visibleRows()));
            case Enter -> {
                Hit hit = search.highlighted();
                if (hit != null) {
                    download.accept(hit);
                }
            }
            default -> {
                if (Keys.ctrl(key, 'p')) {
                    Hit hit = search.highlighted();
                    if (hit != null) {
                        play.accept(hit);
                    }
                    return true;
                }
                if (Keys.ctrl(key, 'u')) {
                    query.setText("");
                    searcher.typed("");
                    return true;
                }
                return false;
            }
        }
        return true;
    }
}
