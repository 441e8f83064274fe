package io.iwant.daemon.control;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.iwant.daemon.util.Health;
import io.iwant.daemon.util.WorkerThread;
import io.iwant.protocol.home.Home;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ControlServerCloseTest {
    @TempDir
    Path dir;

    /**
     * Closing used to end the accept loop before the acceptor knew it was stopping, which its supervisor logged at
     * ERROR as a thread that died, at nearly every shutdown of a daemon.
     */
    @Test
    void should_close_without_the_acceptor_being_taken_for_dead() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(WorkerThread.class);
        ListAppender<ILoggingEvent> events = new ListAppender<>();
        events.start();
        logger.addAppender(events);
        try {
            Home home = new Home(dir.resolve("home"));
            home.create();
            for (int i = 0; i < 50; i++) {
                ControlServer.start(home, (request, replies) -> { }, new Health()).close();
            }
        } finally {
            logger.detachAppender(events);
        }
        List<String> errors = events.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.ERROR))
                .map(ILoggingEvent::getFormattedMessage).toList();
        assertEquals(List.of(), errors);
    }
}
