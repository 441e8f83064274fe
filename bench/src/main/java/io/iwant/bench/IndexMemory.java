package io.iwant.bench;

import io.iwant.daemon.leader.search.NetworkIndex;
import io.iwant.protocol.index.IndexEntry;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The leader's network index as {@code scripts/bench scale} fills it, without the daemons: P peers of K
 * real-looking names each (the same generator and seeds as the scale bench, every content hash distinct). Prints
 * the index's live heap after full collections, in bytes per entry, and the latency of typo queries over it
 * (p50/p99 wall clock). Run through {@code scripts/bench index-memory}; arguments (all optional):
 * {@code peers=24 names=20000 queries=300}.
 */
public final class IndexMemory {
    private IndexMemory() {
    }

    public static void main(String[] args) {
        int peers = intArg(args, "peers", 24);
        int perPeer = intArg(args, "names", 20_000);
        int queries = intArg(args, "queries", 300);
        List<List<IndexEntry>> shares = new ArrayList<>(peers);
        List<String> all = new ArrayList<>(peers * perPeer);
        Random hashes = new Random(11);
        byte[] digest = new byte[32];
        for (int p = 0; p < peers; p++) {
            NameGenerator names = new NameGenerator(1000L + p);
            List<IndexEntry> share = new ArrayList<>(perPeer);
            for (int i = 0; i < perPeer; i++) {
                hashes.nextBytes(digest);
                String name = names.next();
                share.add(new IndexEntry(name, 1 + hashes.nextInt(2_000_000_000), HexFormat.of().formatHex(digest),
                        false));
                all.add(name);
            }
            shares.add(share);
        }
        long before = usedHeap();
        long t0 = System.nanoTime();
        NetworkIndex index = new NetworkIndex();
        for (int p = 0; p < peers; p++) {
            index.replacePeer("peer-" + p, "tcp://127.0.0.1:" + (7400 + p), shares.get(p));
        }
        double build = (System.nanoTime() - t0) / 1e9;
        long heap = usedHeap() - before;
        System.out.printf(Locale.ROOT, "index: %d peers x %,d names = %,d entries, %,d words; built in %.1f s; "
                        + "live heap %.1f MiB, %.0f bytes/entry%n", peers, perPeer, index.entryCount(),
                index.wordCount(), build, heap / 1048576.0, (double) heap / index.entryCount());

        List<SearchBench.Query> qs = Typos.queries(all, queries, 5);
        for (int i = 0; i < 60; i++) {
            index.search(qs.get(i % qs.size()).text(), 10);
        }
        long[] took = new long[qs.size()];
        for (int i = 0; i < qs.size(); i++) {
            long s = System.nanoTime();
            index.search(qs.get(i).text(), 10);
            took[i] = System.nanoTime() - s;
        }
        Arrays.sort(took);
        System.out.printf(Locale.ROOT, "search: %d typo queries, p50 %.2f ms, p99 %.2f ms, max %.2f ms%n", took.length,
                took[took.length / 2] / 1e6, took[(int) Math.ceil(took.length * 0.99) - 1] / 1e6,
                took[took.length - 1] / 1e6);
    }

    private static long usedHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static int intArg(String[] args, String key, int fallback) {
        for (String a : args) {
            if (a.startsWith(key + "=")) {
                return Integer.parseInt(a.substring(key.length() + 1));
            }
        }
        return fallback;
    }
}
