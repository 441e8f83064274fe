/**
 * The wiring of one peer, and nothing else. {@link io.iwant.daemon.Daemon} takes the home's lock
 * ({@link io.iwant.daemon.HomeLock}), settles the configuration from the file and the command line
 * ({@link io.iwant.daemon.StartOptions}), opens the database, and starts the capabilities in order: the local index
 * ({@code index}), the network ({@code network}: peer socket, discovery and election, index sync), the transfer
 * engine ({@code transfer}) and last the control socket ({@code control}), so that everything answers once a client
 * can ask. {@code close()} stops them in reverse order and releases the lock last.
 *
 * <p>Threads: {@code start} and {@code close} run on the caller's thread (the {@code start} command's main thread, or
 * the JVM's shutdown hook); every capability runs on threads of its own. Nothing here is called while running.
 *
 * <p>May use every capability package and {@code protocol}; no capability uses this package (the {@code cli} verb
 * calls its public API).
 */
package io.iwant.daemon;
