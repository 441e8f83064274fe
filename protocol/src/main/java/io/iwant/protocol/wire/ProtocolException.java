package io.iwant.protocol.wire;

import java.io.IOException;

/** A frame or message from the other side that breaks the protocol: truncated, oversized, malformed or unexpected. */
public final class ProtocolException extends IOException {
    public ProtocolException(String message) {
        super(message);
    }

    public ProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
