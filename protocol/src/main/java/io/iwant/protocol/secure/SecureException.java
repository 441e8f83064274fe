package io.iwant.protocol.secure;

/** A frame of a private network's channel that fails its checks; the message is printable and names no key. */
public final class SecureException extends Exception {
    public SecureException(String message) {
        super(message);
    }
}
