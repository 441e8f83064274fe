package io.iwant.daemon.util;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * One long-lived daemon thread that runs a loop until it is asked to stop: the start, the stop (wake the loop, join
 * it within a deadline) and the log line if the loop dies before it was asked to, written once. The loop keeps
 * going while {@link #running()}, and catches what it expects inside; anything that escapes ends the thread and is
 * logged at ERROR, unless a stop was asked for.
 *
 * <p>Use, for a loop that blocks on a socket poll woken through a pipe:
 * <pre>{@code
 * private final WorkerThread thread = new WorkerThread("index-sync", this::run, t -> waker.wake());
 *
 * Publisher(...) {
 *     ...                       // assign every field the loop reads first
 *     thread.start();
 * }
 *
 * private void run() {
 *     while (thread.running()) {
 *         ...                   // poll, handle; catch the exceptions one message may cause
 *     }
 * }
 *
 * public void close() {
 *     thread.stop(Duration.ofSeconds(2));
 *     waker.close();            // what the loop used, after it ended
 * }
 * }</pre>
 * A loop that blocks in {@code wait}, {@code take} or {@code acquire} passes {@link #INTERRUPT} as its wake and
 * lets the {@link InterruptedException} end it. Do not interrupt a thread that uses JeroMQ sockets or NIO channels
 * (an interrupt closes the channel): wake it through its pipe.
 *
 * <p>A supervised worker (one given a {@link Health}) does not stay dead: when its loop throws or returns before a
 * stop was asked for, it is logged at ERROR, reported to the health as restarted, and run again after a back-off
 * (1 s, doubling up to 30 s). Such a loop must be able to start over: it creates what it owns (its sockets) inside
 * {@link Loop#run} and releases them in a {@code finally}.
 *
 * <p>Thread-safe: any thread may stop it (except its own, which just returns from the loop).
 */
public final class WorkerThread {
    private static final Logger log = LoggerFactory.getLogger(WorkerThread.class);

    /** The body of the thread: loops while {@link #running()}; may throw, which ends the thread. */
    @FunctionalInterface
    public interface Loop {
        void run() throws Exception;
    }

    /** How {@link #stop} gets the attention of a loop blocked waiting for work. */
    @FunctionalInterface
    public interface Wake {
        void wake(Thread thread);
    }

    /** Wakes the loop by interrupting its thread: for loops blocked in {@code wait}, {@code take} and the like. */
    public static final Wake INTERRUPT = Thread::interrupt;

    private final String name;
    private final Loop loop;
    private final Wake wake;
    private final Thread thread;
    private final Health health;
    private final Object pause = new Object();
    private volatile boolean stopping;

    static final long FIRST_BACKOFF_MILLIS = 1_000;
    static final long MAX_BACKOFF_MILLIS = 30_000;

    /** A daemon thread named {@code name} that will run {@code loop} once; {@link #start} starts it. */
    public WorkerThread(String name, Loop loop, Wake wake) {
        this(name, loop, wake, null);
    }

    /**
     * A supervised daemon thread: runs {@code loop}, and runs it again after a back-off whenever it dies, reporting
     * to {@code health} under {@code name}.
     */
    public WorkerThread(String name, Loop loop, Wake wake, Health health) {
        this.name = name;
        this.loop = loop;
        this.wake = wake;
        this.health = health;
        this.thread = new Thread(this::body, name);
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** True until a stop is asked for: the loop's condition. */
    public boolean running() {
        return !stopping;
    }

    /**
     * Asks the loop to stop, wakes it and waits up to {@code deadline} for its thread to end. Idempotent; returns at
     * once when called before {@link #start} or from the thread itself.
     *
     * @return true if the thread has ended (or never started)
     */
    public boolean stop(Duration deadline) {
        stopping = true;
        synchronized (pause) {
            pause.notifyAll();
        }
        if (Thread.currentThread() == thread) {
            return false;
        }
        if (thread.isAlive()) {
            wake.wake(thread);
        }
        try {
            thread.join(Math.max(1, deadline.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            log.warn("The {} thread did not stop within {} ms", name, deadline.toMillis());
            return false;
        }
        return true;
    }

    private void body() {
        if (health != null) {
            health.running(name);
        }
        long backoff = FIRST_BACKOFF_MILLIS;
        while (true) {
            Throwable failure;
            try {
                loop.run();
                if (stopping) {
                    return;
                }
                failure = new IllegalStateException("its loop ended before it was stopped");
            } catch (Throwable e) {
                if (stopping) {
                    log.debug("The {} thread ended while stopping: {}", name, e.toString());
                    return;
                }
                failure = e;
            }
            if (health == null) {
                log.error("The {} thread died: {}; what it did is no longer done", name, failure.toString(), failure);
                return;
            }
            log.error("The {} thread died: {}; restarting it in {} ms", name, failure.toString(), backoff, failure);
            health.restarted(name, failure);
            if (!pause(backoff)) {
                return;
            }
            backoff = Math.min(2 * backoff, MAX_BACKOFF_MILLIS);
        }
    }

    /** Waits {@code millis} unless a stop comes first; true when the loop should run again. */
    private boolean pause(long millis) {
        long until = System.nanoTime() + millis * 1_000_000;
        synchronized (pause) {
            while (!stopping) {
                long left = (until - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    return true;
                }
                try {
                    pause.wait(left);
                } catch (InterruptedException e) {
                    if (stopping) {
                        return false;
                    }
                }
            }
            return false;
        }
    }
}
