/**
 * The peer's wiring to the network: {@link io.iwant.daemon.network.PeerNetwork} binds the peer socket on the
 * discovery interface's address, registers the leader's sync server and the transfer's chunk server on it, starts
 * discovery and election, and keeps index sync following the current leader. Also the small adapters between
 * capabilities that must not know each other: {@link io.iwant.daemon.network.LeaderDirectory} (who holds a hash,
 * asked of the leader, for {@code transfer}), {@link io.iwant.daemon.network.IndexContent} (the local index as the
 * content this peer serves and can copy, for {@code transfer}) and {@link io.iwant.daemon.network.PeerId} (this
 * peer's stable identity, kept in the database).
 *
 * <p>Threads: {@code start} and {@code close} run on the daemon's thread; discovery events are handled on the single
 * {@code network-events} thread, which alone touches the followed leader; the sockets belong to the threads of
 * {@code peer}, {@code discovery} and {@code leader}.
 *
 * <p>May use {@code discovery}, {@code leader}, {@code peer}, {@code index}, {@code transfer}'s interfaces,
 * {@code store} and {@code protocol}; not the root package or {@code control}.
 */
package io.iwant.daemon.network;
