/**
 * The seeder side of transfers: answers other peers' metadata and chunk requests for what this peer shares.
 * <p>Owns: {@link io.iwant.daemon.transfer.seed.ChunkServer} (the two request handlers and their counters), the
 * pool of direct buffers lent to outgoing chunks ({@link io.iwant.daemon.transfer.seed.LentBuffers}), and the two
 * types through which the daemon says what may be served ({@link io.iwant.daemon.transfer.seed.ContentSource},
 * {@link io.iwant.daemon.transfer.seed.ServedFile}; the index implements them).
 * <p>Threads: none of its own. Handlers run on the peer server's threads: metadata on its worker pool, chunk reads
 * on the thread that owns the ROUTER socket (they must stay quick), so everything here is thread-safe and
 * stateless apart from counters and the buffer pool.
 * <p>May use: {@code io.iwant.daemon.peer} (the server it registers on) and {@code io.iwant.protocol}. It does not
 * use the download side ({@code fetch}) or the index.
 */
package io.iwant.daemon.transfer.seed;
