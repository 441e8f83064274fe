/**
 * The peer socket and calls to other peers' sockets, over ZeroMQ. {@link io.iwant.daemon.peer.PeerServer} is this
 * peer's ROUTER: one thread owns it, receives every request, hands it to the handler registered for its type (on a
 * worker pool, quickly on the ROUTER thread, or in arrival order; {@code Lanes}, {@code ClientQueues}) and sends the
 * replies, lending chunk buffers until the client acknowledges them ({@code Leases}); {@code Waker} and
 * {@code SocketWait} let other threads hand it work. {@link io.iwant.daemon.peer.PeerCall} asks one peer one
 * question on a DEALER of its own; {@link io.iwant.daemon.peer.FanOut} asks several peers the same question at once.
 *
 * <p>Threads: the ROUTER thread ({@code peer-router}, supervised) and the server's worker pool; {@code PeerCall} and
 * {@code FanOut} run on their caller's thread, which creates, uses and closes their sockets.
 *
 * <p>May use: {@code util} (supervised threads, health), the protocol's wire and peer messages, JeroMQ and the JDK.
 * Knows nothing of what the requests mean: the capabilities register their handlers.
 */
package io.iwant.daemon.peer;
