package io.iwant.tui.screen.model;

import io.iwant.protocol.control.ControlReply.Hit;

import java.util.List;

/**
 * The query, its results and the highlighted result. Every query gets a ticket; an answer that does not carry the
 * latest ticket is stale and dropped, so a slow answer can never overwrite a newer one. GUI thread only.
 */
public final class SearchModel {
    /** What the results area shows. */
    public enum Phase {
        /** Nothing typed yet. */
        IDLE,
        /** A search for the current query is on its way (the previous results stay visible meanwhile). */
        SEARCHING,
        /** The answer for the current query is shown. */
        RESULTS,
        /** The daemon could not search; {@link #failure()} says why. */
        FAILED
    }

    private final Listeners listeners = new Listeners();
    private String query = "";
    private long ticket;
    private Phase phase = Phase.IDLE;
    private List<Hit> hits = List.of();
    private int selected = -1;
    private String failure = "";

    public Listeners listeners() {
        return listeners;
    }

    /** The query changed; returns the ticket its answer must carry. A blank query clears the results at once. */
    public long ask(String newQuery) {
        query = newQuery;
        ticket++;
        if (newQuery.isBlank()) {
            phase = Phase.IDLE;
            hits = List.of();
            selected = -1;
        } else {
            phase = Phase.SEARCHING;
        }
        failure = "";
        listeners.fire();
        return ticket;
    }

    /** Asks again for the current query (the network changed); returns the new ticket, or -1 for a blank query. */
    public long refresh() {
        if (query.isBlank()) {
            return -1;
        }
        return ++ticket;
    }

    /** The answer for {@code answerTicket}; returns false (and changes nothing) when it is stale. */
    public boolean answer(long answerTicket, List<Hit> newHits) {
        if (answerTicket != ticket) {
            return false;
        }
        // a refresh of the same query keeps the highlight on its file; a new query highlights the best result
        String keep = phase == Phase.RESULTS ? selectedHash() : null;
        hits = List.copyOf(newHits);
        selected = hits.isEmpty() ? -1 : 0;
        if (keep != null) {
            for (int i = 0; i < hits.size(); i++) {
                if (hits.get(i).hash().equals(keep)) {
                    selected = i;
                }
            }
        }
        phase = Phase.RESULTS;
        failure = "";
        listeners.fire();
        return true;
    }

    /** The search for {@code answerTicket} failed; returns false when it is stale. */
    public boolean fail(long answerTicket, String message) {
        if (answerTicket != ticket) {
            return false;
        }
        phase = Phase.FAILED;
        failure = message;
        hits = List.of();
        selected = -1;
        listeners.fire();
        return true;
    }

    /** Moves the highlight by {@code delta} rows, staying inside the results. */
    public void move(int delta) {
        if (hits.isEmpty()) {
            return;
        }
        int next = Math.max(0, Math.min(hits.size() - 1, selected + delta));
        if (next != selected) {
            selected = next;
            listeners.fire();
        }
    }

    /** The highlighted result, or null. */
    public Hit highlighted() {
        return selected < 0 ? null : hits.get(selected);
    }

    private String selectedHash() {
        Hit hit = highlighted();
        return hit == null ? null : hit.hash();
    }

    public String query() {
        return query;
    }

    public Phase phase() {
        return phase;
    }

    public List<Hit> hits() {
        return hits;
    }

    public int selected() {
        return selected;
    }

    public String failure() {
        return failure;
    }
}
