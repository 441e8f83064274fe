package io.iwant.daemon.transfer.fetch;

import io.iwant.daemon.peer.Waker;

import java.nio.channels.SelectableChannel;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Work handed to a polling thread from other threads: a queue of tasks and a {@link Waker} whose channel the owner
 * polls beside its sockets, written once per batch so a burst of posts costs one wake-up, and not at all while the
 * owner says it is busy ({@link #busy()}: it will run the queue before it blocks again).
 */
final class Inbox implements AutoCloseable {
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final Waker waker = new Waker();
    private volatile boolean closed;

    /** The channel to poll for readability. */
    SelectableChannel wakeChannel() {
        return waker.channel();
    }

    /** Queues a task for the owner and wakes it (any thread); after {@link #close()} tasks are dropped. */
    void post(Runnable task) {
        if (!closed) {
            tasks.add(task);
            wake();
        }
    }

    void wake() {
        if (!closed) {
            waker.wake();
        }
    }

    /** True if tasks are waiting (a safety net should a wake-up ever be missed). */
    boolean pending() {
        return !tasks.isEmpty();
    }

    /** Owner only: it runs and will call {@link #runAll()} before it blocks; posts need not wake it meanwhile. */
    void busy() {
        waker.busy();
    }

    /** Owner only: it is about to look at {@link #pending()} a last time and block; posts wake it again. */
    void sleeping() {
        waker.sleeping();
    }

    /** Empties the wake-up channel (owner thread only). */
    void drain() {
        waker.drain();
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
        waker.close();
    }
}
