/**
 * Content identity (DESIGN.md §3): how iwant names a file or a folder by what it holds.
 *
 * <h2>Files</h2>
 * <ul>
 *   <li>A file is cut into chunks of {@link io.iwant.protocol.hash.ContentHash#CHUNK_SIZE} (1 MiB); the last chunk
 *   may be shorter. An empty file is one empty chunk.</li>
 *   <li>A chunk's id is {@code SHA-256(0x00 || chunk bytes)}.</li>
 *   <li>The file's hash is the root of a binary Merkle tree over its chunk ids in order. An inner node is
 *   {@code SHA-256(0x01 || left || right)}; at each level an odd last node is carried up unchanged; a file of one
 *   chunk has that chunk's id as its hash.</li>
 * </ul>
 * A downloader gets the chunk ids from any seeder, recomputes the root with
 * {@link io.iwant.protocol.hash.ContentHash#merkleRoot(byte[])}, and accepts a chunk only if
 * {@link io.iwant.protocol.hash.ContentHash#chunkId(byte[])} of its bytes gives its id.
 *
 * <h2>Folders</h2>
 * A folder's hash is SHA-256 over its canonical manifest, whose exact bytes are specified on
 * {@link io.iwant.protocol.hash.FolderManifest}: a {@code 0x02} tag, the entry count, then the entries sorted by
 * name, each as (name, kind, size, hash). A sub-folder enters its parent's manifest with its own folder hash and
 * total size, so a folder hash covers everything below it.
 *
 * <h2>Printing</h2>
 * Hashes print as lowercase hex ({@link io.iwant.protocol.hash.Hex}). A user names content by a full hash or a
 * prefix of at least six hex digits, read by {@link io.iwant.protocol.hash.HashPrefix} in the client and the daemon.
 *
 * <h2>Threads and dependencies</h2>
 * Values and pure functions, safe on any thread (a {@link io.iwant.protocol.hash.FileHasher} is used by one thread
 * at a time). Uses the JDK, and protocol's {@code UserError} and {@code text} for what the user reads.
 */
package io.iwant.protocol.hash;
