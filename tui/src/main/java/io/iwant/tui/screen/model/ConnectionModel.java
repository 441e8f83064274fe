package io.iwant.tui.screen.model;

import io.iwant.protocol.control.ControlReply;

/**
 * Whether the daemon answers, and the last state it reported. Changed on the GUI thread by the poller; read by every
 * view.
 */
public final class ConnectionModel {
    /** Where the link to the daemon stands. */
    public enum State {
        CONNECTING, ONLINE, OFFLINE
    }

    private final Listeners listeners = new Listeners();
    private final String home;
    private final String startCommand;
    private State state = State.CONNECTING;
    private ControlReply.Status status;
    private String problem = "";

    /** {@code startCommand} is what the user types to start the daemon of this home. */
    public ConnectionModel(String home, String startCommand) {
        this.home = home;
        this.startCommand = startCommand;
    }

    public Listeners listeners() {
        return listeners;
    }

    /** The daemon answered with this state. */
    public void online(ControlReply.Status status) {
        this.state = State.ONLINE;
        this.status = status;
        this.problem = "";
        listeners.fire();
    }

    /** The daemon did not answer; {@code problem} says why in one sentence. The last status is kept for reference. */
    public void offline(String problem) {
        if (state == State.OFFLINE && this.problem.equals(problem)) {
            return;
        }
        this.state = State.OFFLINE;
        this.problem = problem;
        listeners.fire();
    }

    public State state() {
        return state;
    }

    public boolean isOnline() {
        return state == State.ONLINE;
    }

    /** The last status the daemon sent, or null if it never answered. */
    public ControlReply.Status status() {
        return status;
    }

    /** Why the daemon does not answer (empty while online). */
    public String problem() {
        return problem;
    }

    /** The leader's peer id, or null while offline or while no leader is known. */
    public String leader() {
        return isOnline() ? status.leader() : null;
    }

    public String home() {
        return home;
    }

    /** The command that starts the daemon of this home, e.g. {@code iwanto start}. */
    public String startCommand() {
        return startCommand;
    }
}
