/**
 * The benchmarks behind {@code scripts/bench}: the local index ({@link io.iwant.bench.IndexBench}, beside
 * {@code openssl dgst}), the leader's search ({@link io.iwant.bench.SearchBench}, beside brute-force fuzzywuzzy, over
 * names from {@link io.iwant.bench.NameGenerator} with {@link io.iwant.bench.Typos}) and transfers
 * ({@link io.iwant.bench.TransferBench}, one seeder or downloader JVM driven by {@code scripts/bench-transfer}).
 *
 * <p>A module of its own so that the shipped jar ({@code dist}) carries none of it; a package of its own
 * ({@code io.iwant.bench}, not {@code io.iwant.daemon.bench}) so that no package is split across two jars and the
 * benchmarks visibly use only the daemon's public API, as any other client of it would.
 *
 * <p>Threads: each benchmark runs on its {@code main} thread and drives the daemon's parts, which start their own
 * threads as in a daemon; the index benchmark also runs itself in child JVMs (a daemon just started).
 *
 * <p>May use {@code daemon}'s and {@code protocol}'s public API, fuzzywuzzy (the reference) and the JDK; nothing
 * depends on it.
 */
package io.iwant.bench;
