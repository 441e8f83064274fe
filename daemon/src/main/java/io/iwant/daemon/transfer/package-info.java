/**
 * Moving files between peers, in two halves that never call each other: {@link io.iwant.daemon.transfer.seed}
 * serves this peer's shared content to others, {@link io.iwant.daemon.transfer.fetch} downloads from them. They
 * meet only on the wire ({@code io.iwant.protocol.peer.Transfer}); the state a download is in, as the control socket
 * reports it, is {@code io.iwant.protocol.control.DownloadState}. This package itself holds no code.
 */
package io.iwant.daemon.transfer;
