/**
 * The daemon's command-line verb: {@link io.iwant.daemon.cli.StartCommand} ({@code iwanto start}) turns its options
 * into {@link io.iwant.daemon.StartOptions}, starts a {@link io.iwant.daemon.Daemon}, prints the banner and waits
 * for a stop. The client ({@code tui}) adds it to its command tree by class name, so that the client never depends
 * on the daemon at compile time.
 *
 * <p>Threads: runs on the process's main thread until the daemon stops; a shutdown hook closes the daemon on
 * SIGTERM or Ctrl-C.
 *
 * <p>May use the root package's public API, picocli and {@code protocol.home}.
 */
package io.iwant.daemon.cli;
