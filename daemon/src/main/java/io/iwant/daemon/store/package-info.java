/**
 * The daemon's one RocksDB database ({@code $IWANT_HOME/db}): {@link io.iwant.daemon.store.Db} opens it with a
 * fixed set of column families, one per owner ({@code meta}, {@code index} and {@code paths}, {@code transfer}),
 * and hands each owner its families; what goes in them is the owner's business ({@code index.IndexStore},
 * {@code transfer.ResumeStore}, the peer id in {@code meta}). {@code NativeLibrary} loads RocksDB's native code from
 * a per-user cache before the first open.
 *
 * <p>Threads: none of its own. The daemon's wiring opens the database at start and closes it last, after every
 * owner is closed; in between any thread may use it (RocksDB is thread-safe; loading the library is synchronized).
 *
 * <p>May use: RocksDB (rocksdbjni), SLF4J and the JDK; nothing else of the daemon.
 */
package io.iwant.daemon.store;
