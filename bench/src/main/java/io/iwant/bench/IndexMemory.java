package io.iwant.bench;

import io.iwant.daemon.leader.search.NetworkIndex;
import io.iwant.protocol.index.IndexEntry;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.TreeMap;
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
 * (p50/p99 wall clock), and the index's parts counted object by object (each part is the field path, three levels
 * below the index, through which an object is first reached; 8-byte alignment, compressed references). Run
 * through {@code scripts/bench index-memory}; arguments (all optional): {@code peers=24 names=20000 queries=300}.
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

        Map<String, Long> parts = parts(index);
        long counted = parts.values().stream().mapToLong(Long::longValue).sum();
        parts.forEach((part, bytes) -> System.out.printf(Locale.ROOT, "  %-40s %6.1f bytes/entry%n", part,
                (double) bytes / index.entryCount()));
        System.out.printf(Locale.ROOT, "  %-40s %6.1f bytes/entry%n", "counted", (double) counted / index.entryCount());

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

    /** Bytes reached from {@code root}, by the path of fields (three levels) through which each was first reached. */
    private static Map<String, Long> parts(Object root) {
        Map<String, Long> out = new TreeMap<>();
        Map<Object, Boolean> seen = new IdentityHashMap<>();
        ArrayDeque<Object[]> todo = new ArrayDeque<>();
        todo.add(new Object[] {root, ""});
        while (!todo.isEmpty()) {
            Object[] next = todo.poll();
            Object o = next[0];
            String path = (String) next[1];
            if (seen.put(o, Boolean.TRUE) != null) {
                continue;
            }
            Class<?> type = o.getClass();
            long bytes;
            if (type.isArray()) {
                int n = Array.getLength(o);
                Class<?> element = type.getComponentType();
                bytes = 16 + (long) n * (element.isPrimitive() ? primitiveBytes(element) : 4);
                if (!element.isPrimitive()) {
                    for (int i = 0; i < n; i++) {
                        Object child = Array.get(o, i);
                        if (child != null) {
                            todo.add(new Object[] {child, path});
                        }
                    }
                }
            } else {
                bytes = 12;
                boolean open = !type.getName().startsWith("java.") && !type.getName().startsWith("jdk.");
                for (Class<?> c = type; c != null; c = c.getSuperclass()) {
                    for (Field f : c.getDeclaredFields()) {
                        if (Modifier.isStatic(f.getModifiers())) {
                            continue;
                        }
                        bytes += f.getType().isPrimitive() ? primitiveBytes(f.getType()) : 4;
                        if (open && !f.getType().isPrimitive()) {
                            Object child = get(f, o);
                            if (child != null) {
                                String below = path.chars().filter(ch -> ch == '.').count() < 3
                                        ? path + "." + f.getName() : path;
                                todo.add(new Object[] {child, below});
                            }
                        }
                    }
                }
            }
            out.merge(path.isEmpty() ? "(index)" : path.substring(1), (bytes + 7) & ~7L, Long::sum);
        }
        return out;
    }

    private static Object get(Field f, Object o) {
        try {
            f.setAccessible(true);
            return f.get(o);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private static int primitiveBytes(Class<?> type) {
        return type == long.class || type == double.class ? 8
                : type == int.class || type == float.class ? 4 : type == boolean.class || type == byte.class ? 1 : 2;
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
