package io.iwant.protocol.home;

/**
 * Implemented by the root command so that subcommands contributed by other modules (the daemon's {@code start})
 * can find the home the user chose without depending on the client module.
 */
public interface HomeAware {
    Home home();
}
