/**
 * Private networks: the network key (what admits a peer), the peer key (what identifies one), and the pure
 * cryptography built on them: authenticated discovery datagrams and the handshake and sealing of peer-to-peer
 * messages. Nothing here opens a socket or starts a thread; the daemon wires these into its transports.
 *
 * <p>Keys never reach a log line or a {@code toString}: they print as their public fingerprints.
 */
package io.iwant.protocol.secure;
