/**
 * The running daemon's configuration: {@link io.iwant.daemon.config.ConfigService} holds the current settings,
 * applies a new shared or download folder (validated and saved before it takes effect) and tells the listeners.
 * The rules themselves (the file's format, defaults, folder validation) live in {@code io.iwant.protocol.home}
 * ({@code Settings}, {@code Folders}, {@code Home}), because the client reads and checks the same config with no
 * daemon running ({@code iwanto view config}, {@code iwanto share} while stopped).
 *
 * <p>Threads: thread-safe; changes are serialised and listeners run on the changing thread (a control worker).
 *
 * <p>May use {@code protocol} only.
 */
package io.iwant.daemon.config;
