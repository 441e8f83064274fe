package io.iwant.tui.cli;

import io.iwant.protocol.home.HomeAware;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logging for one-shot commands, initialised only when something is logged so that a command that succeeds
 * never pays for the logging framework's start-up.
 */
final class ClientLog {
    private ClientLog() {
    }

    static void error(HomeAware root, String message, Throwable e) {
        logger(root).error(message, e);
    }

    static void debug(HomeAware root, String message, Throwable e) {
        logger(root).debug(message, e);
    }

    private static Logger logger(HomeAware root) {
        if (System.getProperty("iwant.home") == null) {
            System.setProperty("iwant.home", root.home().dir().toString());
        }
        return LoggerFactory.getLogger("io.iwant.client");
    }
}
