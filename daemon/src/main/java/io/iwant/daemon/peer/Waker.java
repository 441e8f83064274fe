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
 * <p>
 * A busy owner can spare the pipe's system calls: it calls {@link #busy()} while it runs through its work and
 * {@link #sleeping()} just before it looks at its queues a last time and blocks; in between, {@link #wake()} writes
 * nothing, because the owner will see the work anyway. An owner that never calls either is woken every time.
 */
public final class Waker implements AutoCloseable {
    private final Pipe pipe;
    private final AtomicBoolean pending = new AtomicBoolean();
    /** Set by the owner while it is running and will look at its queues again before it blocks. */
    private volatile boolean busy;
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

    /**
     * Makes the poller return soon; cheap when a wake-up is already pending or the owner is busy. Call it after
     * queuing the work, so that an owner going to sleep either sees the work or gets the wake-up.
     */
    public void wake() {
        if (!busy && pending.compareAndSet(false, true)) {
            try {
                pipe.sink().write(ByteBuffer.wrap(new byte[] {1}));
            } catch (IOException e) {
                pending.set(false);
            }
        }
    }

    /** Called by the polling thread: clears the pending wake-up (one byte at most is written per wake-up). */
    public void drain() {
        pending.set(false);
        try {
            pipe.source().read(drainBuffer.clear());
        } catch (IOException ignored) {
            // closed: nothing to drain
        }
    }

    /** Owner only: it is running and will look at its queues before it blocks; wake-ups may be skipped meanwhile. */
    public void busy() {
        busy = true;
    }

    /** Owner only: it is about to look at its queues a last time and then block; wake-ups are written again. */
    public void sleeping() {
        busy = false;
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
