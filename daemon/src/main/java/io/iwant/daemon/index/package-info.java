/**
 * The local index: what this peer shares, by content hash, kept in the database and in step with the shared
 * folder. {@link io.iwant.daemon.index.LocalIndex} is the entry class (with {@link
 * io.iwant.daemon.index.IndexSettings}, {@link io.iwant.daemon.index.IndexStats} and {@link
 * io.iwant.daemon.index.LocalFile} the only public types); everything else is package-private.
 *
 * <p>What it owns, and which thread runs it:
 * <ul>
 *   <li>{@code IndexWorker}: every change to the index, on the one index thread {@code iwant-index} (a scheduled
 *       executor): loading, switching folders, applying hash results, settled watcher events and finished scans;
 *       it calls the delta listeners on that thread, in version order. It builds everything below and goes from
 *       new to running to closed, refusing any other order.</li>
 *   <li>{@code IndexData}: the {@code IndexTree} and {@code IndexStore} under one read-write lock, the version and
 *       the listeners. Written only on the index thread; queries from any thread read under the lock.</li>
 *   <li>{@code Scanner}: walks one folder at a time on {@code iwant-index-scan} (a {@code util.WorkerThread}),
 *       handing files to {@code HashPool}, which hashes on {@code iwant-index-hash-N}; results come back through
 *       a queue drained on the index thread. {@code ScanReconciler} applies a finished scan there.</li>
 *   <li>{@code ShareWatch} and {@code Watcher}: live file events on {@code iwant-index-watch}, debounced by
 *       {@code ChangeAggregator} until a path has been quiet for the settle time; {@code SettledChanges} turns a
 *       settled batch into removals, scans and hash jobs for the index thread.</li>
 *   <li>{@code RecentlyRemoved}: hashes of files just removed, so a rename is not read again.</li>
 * </ul>
 *
 * <p>Time: settling and the memory of removed files read one injected monotonic clock (nanoseconds;
 * {@code System::nanoTime} in production, a virtual one in tests). Durations measured for logs and the deadlines of
 * {@code awaitIdle} and {@code close} use real time.
 *
 * <p>May use: {@code store.Db} (its {@code index} and {@code paths} column families only), {@code util}, the
 * protocol's {@code hash} and {@code index} types, {@code leader.IndexSource} (the interface {@code LocalIndex}
 * implements for the leader sync), directory-watcher, SLF4J and the JDK.
 *
 * <p>One package rather than subpackages: the scan/hash pipeline, the watching and the data share {@code Share},
 * {@code Node}, {@code IndexStore} and {@code HashResult}; splitting them would make those public and widen what
 * other packages can reach.
 */
package io.iwant.daemon.index;
