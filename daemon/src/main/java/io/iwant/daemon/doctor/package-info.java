/**
 * {@code iwanto doctor}: what usually keeps peers from seeing each other, checked on a running daemon.
 * {@link io.iwant.daemon.doctor.Doctor} gathers the facts (what discovery heard, the members, the refusals, and the
 * answers of members asked to connect back) and {@link io.iwant.daemon.doctor.Checks} turns them, purely, into
 * checks that each name a cause and its fix. {@link io.iwant.daemon.doctor.ConnectBackServer} answers other peers'
 * doctors: it connects to an asking member's own peer port, and to nothing else, within a bounded time and at most
 * every few seconds per asker ({@link io.iwant.daemon.doctor.ConnectBackLimit}).
 *
 * <p>Threads: {@code Doctor} runs on the control thread that asked; {@code ConnectBackServer} on a peer worker. Both
 * create, use and close their own sockets.
 *
 * <p>May use: {@code discovery} (its snapshots), {@code peer} ({@code PeerCall}, {@code FanOut}, the server's
 * handler interface), the protocol's control and peer messages.
 */
package io.iwant.daemon.doctor;
