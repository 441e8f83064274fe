/**
 * Moving files between peers, in two halves that never call each other: {@link io.iwant.daemon.transfer.seed}
 * serves this peer's shared content to others, {@link io.iwant.daemon.transfer.fetch} downloads from them. They
 * meet only on the wire ({@code io.iwant.protocol.peer.Transfer}).
 * <p>This package itself holds only {@link io.iwant.daemon.transfer.DownloadState}, the state a download is in as
 * the control socket reports it. No thread of its own; it uses nothing but the JDK.
 */
package io.iwant.daemon.transfer;
