package io.iwant.bench;

import io.iwant.daemon.leader.search.NetworkIndex;
import io.iwant.daemon.leader.search.SearchHit;
import io.iwant.protocol.index.IndexEntry;
import me.xdrop.fuzzywuzzy.FuzzySearch;
import me.xdrop.fuzzywuzzy.model.ExtractedResult;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The leader's search against brute-force fuzzywuzzy ({@code FuzzySearch.extractTop}, WRatio, over every name) on
 * the same generated names, at 100,000 and 1,000,000 names: latency p50/p99 (wall clock, and CPU time of the
 * searching thread, which a busy shared machine distorts far less) and recall@10 of queries made by adding typos
 * to names. Brute force takes seconds per query at a million names, so it runs on a bounded subset
 * of the queries, stopping early once it has used {@code bruteSeconds} at a size (the count is printed). Run
 * through {@code scripts/bench search}; arguments (all optional):
 * {@code queries=300 brute100k=40 brute1m=6 bruteSeconds=90 seed=7 sizes=100000,1000000}.
 */
public final class SearchBench {
    private static final int PEERS = 4;
    private static final int WARMUP = 60;

    private SearchBench() {
    }

    public static void main(String[] args) {
        int queries = intArg(args, "queries", 300);
        int brute100k = intArg(args, "brute100k", 40);
        int brute1m = intArg(args, "brute1m", 6);
        int budget = intArg(args, "bruteSeconds", 90);
        long seed = intArg(args, "seed", 7);
        int[] sizes = Arrays.stream(stringArg(args, "sizes", "100000,1000000").split(","))
                .mapToInt(Integer::parseInt).toArray();
        int largest = Arrays.stream(sizes).max().orElseThrow();

        long started = System.nanoTime();
        List<IndexEntry> entries = generate(largest, seed);
        List<String> names = entries.stream().map(IndexEntry::name).toList();
        System.out.printf(Locale.ROOT, "search bench: %,d generated names (seed %d), %d peers, max heap %d MiB, "
                        + "%d cores, generated in %.1f s%n", largest, seed, PEERS,
                Runtime.getRuntime().maxMemory() >> 20, Runtime.getRuntime().availableProcessors(), secs(started));
        System.out.println("samples: " + String.join(" | ", names.subList(0, 8)));

        for (int size : sizes) {
            List<IndexEntry> slice = entries.subList(0, size);
            List<String> sliceNames = names.subList(0, size);
            run(size, slice, sliceNames, queries, size >= 1_000_000 ? brute1m : brute100k, budget, seed);
        }
        System.out.printf(Locale.ROOT, "total time %.1f s%n", secs(started));
    }

    private static void run(int size, List<IndexEntry> slice, List<String> names, int queries, int brute,
                            int budgetSeconds, long seed) {
        System.out.printf(Locale.ROOT, "%n== %,d names ==%n", size);
        long before = usedHeap();
        long t0 = System.nanoTime();
        NetworkIndex index = new NetworkIndex();
        for (int p = 0; p < PEERS; p++) {
            List<IndexEntry> mine = new ArrayList<>(size / PEERS + 1);
            for (int i = p; i < slice.size(); i += PEERS) {
                mine.add(slice.get(i));
            }
            index.replacePeer("peer-" + p, "tcp://127.0.0.1:" + (7400 + p), mine);
        }
        double build = secs(t0);
        long heap = usedHeap() - before;
        System.out.printf(Locale.ROOT, "index: %,d entries, %,d hashes, %,d words; built in %.1f s; heap %d MiB "
                        + "(%.0f bytes/entry)%n", index.entryCount(), index.hashCount(), index.wordCount(), build,
                heap >> 20, (double) heap / index.entryCount());

        List<Query> qs = Typos.queries(names, queries, seed + size);
        for (int i = 0; i < WARMUP; i++) {
            index.search(qs.get(i % qs.size()).text(), 10);
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[] ours = new long[qs.size()];
        long[] oursCpu = new long[qs.size()];
        int oursFound = 0;
        boolean[] foundAt = new boolean[qs.size()];
        for (int i = 0; i < qs.size(); i++) {
            Query q = qs.get(i);
            long c = threads.getCurrentThreadCpuTime();
            long s = System.nanoTime();
            List<SearchHit> hits = index.search(q.text(), 10);
            ours[i] = System.nanoTime() - s;
            oursCpu[i] = threads.getCurrentThreadCpuTime() - c;
            boolean found = hits.stream().anyMatch(h -> h.name().equals(q.intended()));
            oursFound += found ? 1 : 0;
            if (found && i < brute) {
                foundAt[i] = true;
            }
        }
        long[] bf = new long[Math.min(brute, qs.size())];
        long[] bfCpu = new long[bf.length];
        int bruteN = 0;
        int bruteFound = 0;
        long bruteStart = System.nanoTime();
        while (bruteN < bf.length && (bruteN == 0 || secs(bruteStart) < budgetSeconds)) {
            Query q = qs.get(bruteN);
            long c = threads.getCurrentThreadCpuTime();
            long s = System.nanoTime();
            List<ExtractedResult> top = FuzzySearch.extractTop(q.text(), names, 10);
            bf[bruteN] = System.nanoTime() - s;
            bfCpu[bruteN++] = threads.getCurrentThreadCpuTime() - c;
            bruteFound += top.stream().anyMatch(r -> r.getString().equals(q.intended())) ? 1 : 0;
        }
        bf = Arrays.copyOf(bf, bruteN);
        bfCpu = Arrays.copyOf(bfCpu, bruteN);
        int oursFoundOnBruteSubset = 0;
        for (int i = 0; i < bruteN; i++) {
            oursFoundOnBruteSubset += foundAt[i] ? 1 : 0;
        }
        System.out.printf(Locale.ROOT, "%-34s %9s %9s %9s %9s %10s   %s%n", "", "p50 ms", "p99 ms", "cpu p50",
                "cpu p99", "recall@10", "queries");
        System.out.printf(Locale.ROOT, "%-34s %9.2f %9.2f %9.2f %9.2f %9.1f%%   %d%n", "trigram index + fuzzywuzzy rank",
                ms(percentile(ours, 50)), ms(percentile(ours, 99)), ms(percentile(oursCpu, 50)),
                ms(percentile(oursCpu, 99)), 100.0 * oursFound / qs.size(), qs.size());
        System.out.printf(Locale.ROOT, "%-34s %9s %9s %9s %9s %9.1f%%   first %d of the same%n",
                "  same, on brute's subset", "", "", "", "", 100.0 * oursFoundOnBruteSubset / Math.max(1, bruteN),
                bruteN);
        System.out.printf(Locale.ROOT, "%-34s %9.0f %9.0f %9.0f %9.0f %9.1f%%   first %d of the same%n",
                "brute force extractTop (WRatio)", ms(percentile(bf, 50)), ms(percentile(bf, 99)),
                ms(percentile(bfCpu, 50)), ms(percentile(bfCpu, 99)), 100.0 * bruteFound / Math.max(1, bruteN),
                bruteN);
        System.out.printf(Locale.ROOT, "speed-up at p50: %.0fx wall, %.0fx cpu%n",
                percentile(bf, 50) / (double) percentile(ours, 50),
                percentile(bfCpu, 50) / (double) Math.max(1, percentile(oursCpu, 50)));

        Integer[] slowest = new Integer[qs.size()];
        for (int i = 0; i < slowest.length; i++) {
            slowest[i] = i;
        }
        Arrays.sort(slowest, (a, b) -> Long.compare(ours[b], ours[a]));
        System.out.println("our slowest: " + Arrays.stream(slowest).limit(3)
                .map(i -> String.format(Locale.ROOT, "\"%s\" %.1f ms", qs.get(i).text(), ms(ours[i]))).toList());

        String trap = "slicon valey";
        System.out.println("\"" + trap + "\" -> ours: " + index.search(trap, 3).stream().map(SearchHit::name)
                .toList());
        if (size < 1_000_000) {
            System.out.println("\"" + trap + "\" -> brute force: " + FuzzySearch.extractTop(trap, names, 3).stream()
                    .map(r -> r.getString() + " (" + r.getScore() + ")").toList());
        }
        System.out.println("query examples: " + qs.subList(0, 4).stream().map(q -> "\"" + q.text() + "\" for "
                + q.intended()).toList());
    }

    /** Generated paths, plus the two names of the "al" trap, each with a distinct hash. */
    private static List<IndexEntry> generate(int count, long seed) {
        NameGenerator generator = new NameGenerator(seed);
        Random hashes = new Random(seed * 31 + 1);
        byte[] digest = new byte[32];
        List<IndexEntry> out = new ArrayList<>(count);
        out.add(new IndexEntry("Music/al", 1234, randomHash(hashes, digest), false));
        out.add(new IndexEntry("TV/Silicon Valley/Season 1/Silicon.Valley.S01E01.mkv", 734_003_200,
                randomHash(hashes, digest), false));
        while (out.size() < count) {
            String path = generator.next();
            out.add(new IndexEntry(path, 1 + hashes.nextInt(2_000_000_000), randomHash(hashes, digest), false));
        }
        return out;
    }

    private static String randomHash(Random random, byte[] digest) {
        random.nextBytes(digest);
        return HexFormat.of().formatHex(digest);
    }

    private static long usedHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long percentile(long[] values, int p) {
        if (values.length == 0) {
            return 0;
        }
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank))];
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static double secs(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static int intArg(String[] args, String key, int fallback) {
        return Integer.parseInt(stringArg(args, key, Integer.toString(fallback)));
    }

    private static String stringArg(String[] args, String key, String fallback) {
        for (String a : args) {
            if (a.startsWith(key + "=")) {
                return a.substring(key.length() + 1);
            }
        }
        return fallback;
    }

    record Query(String text, String intended) {
    }
}
