package io.iwant.daemon.transfer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.SelectableChannel;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Work handed to a polling thread from other threads: a queue of tasks and a pipe whose readable end the owner
 * polls beside its sockets, written once per batch so a burst of posts costs one wake-up, and not at all while
 * the owner says it is busy ({@link #busy()}: it will run the queue before it blocks again).
 */
final class Inbox implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Inbox.class);

    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean wakePending = new AtomicBoolean();
    private volatile boolean busy;
    private final Pipe pipe;
    private final ByteBuffer drain = ByteBuffer.allocate(64);
    private volatile boolean closed;

    Inbox() {
        try {
            pipe = Pipe.open();
            pipe.source().configureBlocking(false);
            pipe.sink().configureBlocking(false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The channel to poll for readability. */
    SelectableChannel wakeChannel() {
        return pipe.source();
    }

    /** Queues a task for the owner and wakes it (any thread); after {@link #close()} tasks are dropped. */
    void post(Runnable task) {
        if (!closed) {
            tasks.add(task);
            wake();
        }
    }

    void wake() {
        if (!closed && !busy && wakePending.compareAndSet(false, true)) {
            try {
                pipe.sink().write(ByteBuffer.wrap(new byte[] {1}));
            } catch (IOException e) {
                log.warn("wake pipe failed", e);
            }
        }
    }

    /** True if tasks are waiting (a safety net should a wake-up ever be missed). */
    boolean pending() {
        return !tasks.isEmpty();
    }

    /** Owner only: it runs and will call {@link #runAll()} before it blocks; posts need not wake it meanwhile. */
    void busy() {
        busy = true;
    }

    /** Owner only: it is about to look at {@link #pending()} a last time and block; posts wake it again. */
    void sleeping() {
        busy = false;
    }

    /** Empties the pipe (owner thread only; one byte at most is written per wake-up). */
    void drain() {
        wakePending.set(false);
        try {
            pipe.source().read(drain.clear());
        } catch (IOException e) {
            log.warn("wake pipe failed", e);
        }
    }

    /** Runs every queued task (owner thread only); true if there were any. */
    boolean runAll() {
        boolean any = false;
        Runnable task;
        while ((task = tasks.poll()) != null) {
            task.run();
            any = true;
        }
        return any;
    }

    @Override
    public void close() {
        closed = true;
        tasks.clear();
        try {
            pipe.sink().close();
            pipe.source().close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
