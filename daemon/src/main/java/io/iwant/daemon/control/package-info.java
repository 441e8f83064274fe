/**
 * The client endpoint: the Unix domain socket in the home ({@link io.iwant.daemon.control.ControlServer}) and the
 * dispatch of its requests ({@link io.iwant.daemon.control.Requests}: status, config, folders, search, downloads,
 * streams and play, doctor, stop). Owns the socket and the client connections; the answers come from the services {@code Requests} is given
 * ({@link io.iwant.daemon.control.StatusReport} reads discovery, the index's counts, the config and the downloads,
 * and is given the network, open or private, by fingerprints), never from the {@code Daemon}.
 *
 * <p>Threads: {@code control-accept} accepts; each connection is served on a {@code control-N} thread of a bounded
 * pool, which runs the handler for each of its requests (a followed download or a stream keeps its thread until it
 * finishes).
 *
 * <p>May use {@code config}, {@code discovery} (read only), {@code index} (its stats), {@code leader}'s client,
 * {@code transfer}'s manager, {@code play}'s server and {@code protocol}'s control messages and frames; not the root
 * package.
 */
package io.iwant.daemon.control;
