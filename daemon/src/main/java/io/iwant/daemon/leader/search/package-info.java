/**
 * The network index: every peer's shared files and folders, searched by name and looked up by content hash.
 * {@link io.iwant.daemon.leader.search.NetworkIndex} is the entry; {@link io.iwant.daemon.leader.search.SearchHit},
 * {@link io.iwant.daemon.leader.search.Lookup} and {@link io.iwant.daemon.leader.search.PeerEndpoint} are its
 * answers. {@link io.iwant.daemon.leader.search.ListSearch} ranks a plain list of entries the same way without an
 * index (one peer's own share, asked directly when the leader finds nothing). Everything else is package-private:
 * the stores ({@code IndexState} over {@code EntryStore} (its names in {@code NameText}), {@code HashStore}, {@code StringTable}, {@code PathMap},
 * seeded by {@code Hashing}), the word and n-gram index ({@code WordIndex}, {@code Words}, {@code LongIntMap},
 * {@code IntBags}) and the ranking ({@code SearchEngine}, {@code SearchScratch}, {@code TopCandidates},
 * {@code Similarity}). The engine reads the stores' parallel arrays directly, which is what keeps search fast and an
 * entry small, so stores and engine are one package.
 *
 * <p>Threads: none of its own. One writer at a time (the peer server's ordered lane, through
 * {@code leader.sync.SyncServer}) applies snapshots and deltas while any number of readers (the peer server's
 * pool, or a local control request) search; {@code NetworkIndex} guards the state with a fair read-write lock and
 * writes in bounded batches. {@code ListSearch} runs on its caller's thread and keeps nothing.
 *
 * <p>May use: the protocol's {@code IndexEntry}, {@code HashPrefix} to read a hash prefix, and the JDK.
 * It knows nothing of sockets, peers' liveness or leadership: {@code leader.sync} tells it what to hold.
 */
package io.iwant.daemon.leader.search;
