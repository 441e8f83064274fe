package io.iwant.daemon.util;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WorkerThreadTest {
    private final Logger logger = (Logger) LoggerFactory.getLogger(WorkerThread.class);
    /** What WorkerThread logs, from whichever thread logs it. */
    private final LinkedBlockingQueue<ILoggingEvent> logged = new LinkedBlockingQueue<>();
    private final AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent event) {
            logged.add(event);
        }
    };

    @BeforeEach
    void capture() {
        appender.start();
        logger.addAppender(appender);
    }

    @AfterEach
    void release() {
        logger.detachAppender(appender);
    }

    @Test
    void a_loop_woken_through_its_queue_stops_and_is_joined() throws Exception {
        LinkedBlockingQueue<String> work = new LinkedBlockingQueue<>();
        LinkedBlockingQueue<String> done = new LinkedBlockingQueue<>();
        AtomicReference<WorkerThread> self = new AtomicReference<>();
        WorkerThread thread = new WorkerThread("test-worker", () -> {
            while (self.get().running()) {
                String item = work.take();
                if (!item.isEmpty()) {
                    done.add(item + " on " + Thread.currentThread().getName());
                }
            }
        }, t -> work.add(""));
        self.set(thread);
        thread.start();
        work.add("job");
        assertEquals("job on test-worker", done.poll(10, TimeUnit.SECONDS));
        assertTrue(thread.stop(Duration.ofSeconds(10)), "the thread ended");
        assertFalse(thread.running());
        assertTrue(logged.isEmpty(), "an asked-for stop logs nothing: " + logged);
    }

    @Test
    void a_loop_blocked_in_wait_is_stopped_by_interrupting_it() {
        CountDownLatch never = new CountDownLatch(1);
        WorkerThread thread = new WorkerThread("test-waiter", never::await, WorkerThread.INTERRUPT);
        thread.start();
        assertTrue(thread.stop(Duration.ofSeconds(10)), "the interrupt ended the wait");
        assertTrue(logged.stream().noneMatch(e -> e.getLevel() == Level.ERROR));
    }

    @Test
    void a_loop_that_dies_unasked_is_logged_at_error() throws Exception {
        WorkerThread thread = new WorkerThread("test-crasher", () -> {
            throw new IllegalStateException("unexpected reply");
        }, WorkerThread.INTERRUPT);
        thread.start();
        ILoggingEvent error = logged.poll(10, TimeUnit.SECONDS);
        assertNotNull(error, "nothing logged");
        assertEquals(Level.ERROR, error.getLevel());
        assertTrue(error.getFormattedMessage().contains("test-crasher"), error.getFormattedMessage());
        assertTrue(error.getFormattedMessage().contains("unexpected reply"), error.getFormattedMessage());
        assertTrue(thread.stop(Duration.ofSeconds(10)));
    }

    @Test
    void a_loop_that_ignores_its_wake_is_reported_after_the_deadline() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        WorkerThread thread = new WorkerThread("test-deaf", () -> {
            while (!release.await(10, TimeUnit.MILLISECONDS)) {
                Thread.onSpinWait();
            }
        }, t -> { });
        thread.start();
        assertFalse(thread.stop(Duration.ofMillis(50)), "still running past the deadline");
        assertTrue(logged.stream().anyMatch(e -> e.getLevel() == Level.WARN
                && e.getFormattedMessage().contains("test-deaf")));
        release.countDown();
        assertTrue(thread.stop(Duration.ofSeconds(10)));
    }

    @Test
    void a_supervised_loop_that_dies_is_run_again_and_its_health_says_so() throws Exception {
        Health health = new Health();
        java.util.concurrent.atomic.AtomicInteger runs = new java.util.concurrent.atomic.AtomicInteger();
        CountDownLatch secondRun = new CountDownLatch(1);
        AtomicReference<WorkerThread> self = new AtomicReference<>();
        WorkerThread worker = new WorkerThread("flaky", () -> {
            if (runs.incrementAndGet() == 1) {
                throw new IllegalStateException("first run dies\u001b]0;x");
            }
            secondRun.countDown();
            while (self.get().running()) {
                Thread.sleep(5);
            }
        }, WorkerThread.INTERRUPT, health);
        self.set(worker);
        worker.start();
        assertTrue(secondRun.await(WorkerThread.FIRST_BACKOFF_MILLIS + 5_000, TimeUnit.MILLISECONDS),
                "run again after the back-off");
        io.iwant.protocol.control.ControlReply.Part part = health.parts().get(0);
        assertEquals("flaky", part.name());
        assertEquals(io.iwant.protocol.control.ControlReply.PartState.RESTARTED, part.state());
        assertEquals(1, part.restarts());
        assertTrue(part.lastFailure().startsWith("IllegalStateException: first run dies"), part.lastFailure());
        assertFalse(part.lastFailure().contains("\u001b"), "the failure text is printable");
        assertTrue(worker.stop(Duration.ofSeconds(5)));
        assertEquals(2, runs.get(), "a stop during the run ends it for good");
    }

    @Test
    void a_supervised_loop_stopped_during_its_back_off_is_not_run_again() throws Exception {
        Health health = new Health();
        java.util.concurrent.atomic.AtomicInteger runs = new java.util.concurrent.atomic.AtomicInteger();
        WorkerThread worker = new WorkerThread("dies", () -> {
            runs.incrementAndGet();
            throw new IllegalStateException("always");
        }, WorkerThread.INTERRUPT, health);
        worker.start();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (health.parts().isEmpty() || health.parts().get(0).restarts() < 1) {
            assertTrue(System.nanoTime() < deadline, "the first death is reported");
            Thread.sleep(5);
        }
        assertTrue(worker.stop(Duration.ofSeconds(5)), "stops at once, in the middle of its back-off");
        assertEquals(1, runs.get());
    }
}
