package io.iwant.daemon.util;

import io.iwant.protocol.control.ControlReply;
import io.iwant.protocol.text.TerminalText;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parts of a daemon that run on threads of their own, and whether each is running, was restarted after it died,
 * or has failed for good, so that {@code iwanto status} never shows a daemon that cannot serve as healthy. A part
 * reports itself; {@link WorkerThread} does so for the loops it supervises. Thread-safe.
 */
public final class Health {
    /** The longest failure text kept (the first line of the exception, in our printable form). */
    private static final int MAX_FAILURE = 160;

    private final Map<String, ControlReply.Part> parts = new LinkedHashMap<>();

    /** A part that is up (again, without counting as a restart: a fresh start). */
    public synchronized void running(String part) {
        ControlReply.Part known = parts.get(part);
        parts.put(part, known == null
                ? new ControlReply.Part(part, ControlReply.PartState.RUNNING, 0, "")
                : new ControlReply.Part(part, known.restarts() == 0 ? ControlReply.PartState.RUNNING
                : ControlReply.PartState.RESTARTED, known.restarts(), known.lastFailure()));
    }

    /** The part died of {@code cause} and is being restarted. */
    public synchronized void restarted(String part, Throwable cause) {
        ControlReply.Part known = parts.get(part);
        int restarts = known == null ? 1 : known.restarts() + 1;
        parts.put(part, new ControlReply.Part(part, ControlReply.PartState.RESTARTED, restarts, describe(cause)));
    }

    /** The part died of {@code cause} and does not run any more. */
    public synchronized void failed(String part, Throwable cause) {
        ControlReply.Part known = parts.get(part);
        parts.put(part, new ControlReply.Part(part, ControlReply.PartState.FAILED,
                known == null ? 0 : known.restarts(), describe(cause)));
    }

    /** The part stopped because the daemon is stopping: no longer reported. */
    public synchronized void stopped(String part) {
        parts.remove(part);
    }

    /** Every part, in the order they first reported. */
    public synchronized List<ControlReply.Part> parts() {
        return new ArrayList<>(parts.values());
    }

    static String describe(Throwable cause) {
        String text = cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        int newline = text.indexOf('\n');
        text = TerminalText.clean(newline < 0 ? text : text.substring(0, newline));
        return text.length() <= MAX_FAILURE ? text : text.substring(0, MAX_FAILURE) + "...";
    }
}
