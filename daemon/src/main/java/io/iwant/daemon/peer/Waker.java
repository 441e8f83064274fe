package io.iwant.daemon.peer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.SelectableChannel;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Wakes a thread that polls ZeroMQ sockets: any thread calls {@link #wake()}, the polling thread registers
 * {@link #channel()} in its poller beside its sockets and calls {@link #drain()} when it fires. A pipe, not a
 * socket, so no ZeroMQ socket is ever touched by two threads.
 */
public final class Waker implements AutoCloseable {
    private final Pipe pipe;
    private final AtomicBoolean pending = new AtomicBoolean();
    private final ByteBuffer drainBuffer = ByteBuffer.allocate(64);

    public Waker() {
        try {
            pipe = Pipe.open();
            pipe.source().configureBlocking(false);
            pipe.sink().configureBlocking(false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The channel to register for POLLIN in the polling thread's poller. */
    public SelectableChannel channel() {
        return pipe.source();
    }

    /** Makes the poller return soon; cheap when a wake-up is already pending. */
    public void wake() {
        if (pending.compareAndSet(false, true)) {
            try {
                pipe.sink().write(ByteBuffer.wrap(new byte[] {1}));
            } catch (IOException e) {
                pending.set(false);
            }
        }
    }

    /** Called by the polling thread: clears the pending wake-up. */
    public void drain() {
        pending.set(false);
        try {
            while (pipe.source().read(drainBuffer.clear()) > 0) {
                // emptying the pipe
            }
        } catch (IOException ignored) {
            // closed: nothing to drain
        }
    }

    @Override
    public void close() {
        try {
            pipe.sink().close();
            pipe.source().close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
