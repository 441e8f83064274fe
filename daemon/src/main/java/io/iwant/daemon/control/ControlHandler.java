package io.iwant.daemon.control;

import io.iwant.protocol.control.ControlReply;
import io.iwant.protocol.control.ControlRequest;

import java.io.IOException;

/** Answers one request from a client; may send several replies (a followed download) before returning. */
@FunctionalInterface
public interface ControlHandler {
    void handle(ControlRequest request, Replies replies) throws IOException;

    /** The way back to the client that asked. */
    interface Replies {
        void send(ControlReply reply) throws IOException;
    }
}
