/**
 * The peer's wiring to the network: {@link io.iwant.daemon.network.PeerNetwork} binds the peer socket on the
 * discovery interface's address, registers the leader's sync server, this peer's answers about its own content and
 * the transfer's chunk server on it, starts discovery and election, keeps index sync following the current leader,
 * and gives the leader's client the members to ask when the leader finds nothing. Also the small adapters between
 * capabilities that must not know each other: {@link io.iwant.daemon.network.LeaderDirectory} (who holds a hash,
 * asked of the leader, for {@code transfer}), {@link io.iwant.daemon.network.IndexContent} (the local index as the
 * content this peer serves and can copy, for {@code transfer}), {@link io.iwant.daemon.network.LocalAnswers} (the
 * local index as a member answers about its own content, for {@code leader}'s fallback and other members) and
 * {@link io.iwant.daemon.network.PeerId} (this peer's stable identity, kept in the database). Who may join:
 * {@link io.iwant.daemon.network.NetworkAccess} (open, or private with the home's {@code network.key}; this peer's
 * key) and {@link io.iwant.daemon.network.KeyChoice} ({@code start --network-key}, saved in the home).
 *
 * <p>Threads: {@code start} and {@code close} run on the daemon's thread; discovery events are handled on the single
 * {@code network-events} thread, which alone touches the followed leader; the sockets belong to the threads of
 * {@code peer}, {@code discovery} and {@code leader}; {@code LocalAnswers} runs on the peer server's pool.
 *
 * <p>May use {@code discovery}, {@code leader}, {@code peer}, {@code index}, {@code transfer}'s interfaces,
 * {@code store} and {@code protocol}; not the root package or {@code control}.
 */
package io.iwant.daemon.network;
