package io.iwant.daemon.peer;

import org.zeromq.ZMQ;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;

/**
 * Waits for ZeroMQ sockets and a wake-up pipe with one {@link Selector} kept for the owner's life. {@code
 * ZMQ.Poller} registers and re-arms every channel on each poll, a handful of system calls that cost more than the
 * rest of a busy loop on a small virtual machine; here a socket's descriptor is registered once. The usual rule for
 * a ZeroMQ descriptor holds: it only says that the socket has something to look at, so the owner receives with
 * {@code DONTWAIT} until nothing is left, and {@link #await} asks each socket for waiting messages before it
 * blocks. Owned by one thread, like the sockets.
 */
public final class SocketWait implements AutoCloseable {
    private final Selector selector;
    private final SelectionKey wakeKey;

    /** @param wake the readable end of the owner's wake-up pipe */
    public SocketWait(SelectableChannel wake) {
        try {
            selector = Selector.open();
            wakeKey = wake.register(selector, SelectionKey.OP_READ);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Watches a socket; the key's {@link SelectionKey#cancel()} stops that. */
    public SelectionKey add(ZMQ.Socket socket) {
        try {
            return socket.getFD().register(selector, SelectionKey.OP_READ);
        } catch (ClosedChannelException e) {
            throw new IllegalStateException("the socket is closed", e);
        }
    }

    /**
     * Returns at once if {@code millis} is 0 or one of {@code sockets} has a message waiting, else blocks until one of the watched ones or
     * the wake-up pipe becomes readable, or {@code millis} have passed.
     *
     * @return true if the wake-up pipe is readable (the owner then drains it)
     */
    public boolean await(long millis, Iterable<ZMQ.Socket> sockets) throws IOException {
        boolean ready = millis <= 0;
        for (ZMQ.Socket socket : sockets) {
            if (ready) {
                break;
            }
            ready = (socket.getEvents() & ZMQ.Poller.POLLIN) != 0;
        }
        if (ready) {
            return false; // the owner has work; a pending wake-up is drained the next time it blocks
        }
        selector.selectedKeys().clear();
        selector.select(millis);
        return selector.selectedKeys().contains(wakeKey);
    }

    @Override
    public void close() {
        try {
            selector.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
