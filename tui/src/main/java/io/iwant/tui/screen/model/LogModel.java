package io.iwant.tui.screen.model;

import java.util.List;

/** The last lines of the daemon's log, refreshed while the log view is visible. GUI thread only. */
public final class LogModel {
    private final Listeners listeners = new Listeners();
    private final String path;
    private List<String> lines = List.of();
    private String problem = "";

    public LogModel(String path) {
        this.path = path;
    }

    public Listeners listeners() {
        return listeners;
    }

    public void update(List<String> latest, String why) {
        if (latest.equals(lines) && why.equals(problem)) {
            return;
        }
        lines = List.copyOf(latest);
        problem = why;
        listeners.fire();
    }

    public List<String> lines() {
        return lines;
    }

    /** Why no lines could be read (empty when they could). */
    public String problem() {
        return problem;
    }

    public String path() {
        return path;
    }
}
