/**
 * The downloader side of transfers: finds who holds a hash, fetches metadata and chunks from several seeders at
 * once, verifies and writes every chunk, keeps resume state, and places the finished file or folder.
 * <p>Entry class: {@link io.iwant.daemon.transfer.fetch.DownloadManager} (start, cancel, retry, list, listen).
 * It owns the book of downloads ({@code Tracker}, guarded by the manager's lock) and hands each download through
 * {@code Lifecycle} (preparation, then the transfer loop, then placement). The daemon plugs in who holds what
 * ({@link io.iwant.daemon.transfer.fetch.SeederDirectory}) and what it already has locally
 * ({@link io.iwant.daemon.transfer.fetch.LocalCopies}); timings come from
 * {@link io.iwant.daemon.transfer.fetch.TransferSettings}. A file can be read while it downloads
 * ({@link io.iwant.daemon.transfer.fetch.FileStream}): verified chunks only, and the chunks just ahead of each reader
 * are fetched first.
 * <p>Threads: callers use the manager from any thread. Two {@code transfer-prep} threads prepare (metadata, folder
 * plan, part files, local copies), place and clean up; one {@code transfer-loop} thread owns every DEALER socket to
 * seeders ({@code TransferLoop}, {@code Traffic}, {@code PeerLink}); {@code transfer-verify} threads hash and write
 * chunks; listeners are called on the {@code transfer-progress} thread.
 * <p>May use: {@code io.iwant.daemon.store} (resume state in RocksDB), {@code io.iwant.daemon.peer}'s wake-up
 * helpers, {@link io.iwant.protocol.control.DownloadState} and {@code io.iwant.protocol}. It does not use the seeder
 * side ({@code seed}) or the index.
 */
package io.iwant.daemon.transfer.fetch;
