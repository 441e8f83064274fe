package io.iwant.daemon.bench;

import io.iwant.daemon.index.IndexSettings;
import io.iwant.daemon.index.LocalIndex;
import io.iwant.daemon.store.Db;
import io.iwant.protocol.index.IndexDelta;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Measures the local index on a generated tree, in one run: first-index throughput beside single-threaded
 * {@code openssl dgst -sha256} over the same files (page cache warm for both), the time for a restart over the
 * unchanged tree, and the time from writing a new file to its delta. Run by {@code scripts/bench-index}.
 *
 * <pre>
 * IndexBench [--dir DIR] [--big-mib N] [--small-files N] [--small-max-kib N] [--threads N] [--keep]
 * (set -Diwant.home=DIR so the daemon's log configuration has a place for iwant.log)
 * </pre>
 */
public final class IndexBench {
    private static final int[] BIG_SIZES_MIB = {256, 128, 64, 32, 16, 8, 4, 2, 1};

    private IndexBench() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = null;
        long bigMib = 2048;
        int smallFiles = 100_000;
        int smallMaxKib = 8;
        int threads = Runtime.getRuntime().availableProcessors();
        boolean keep = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--dir" -> dir = Path.of(args[++i]);
                case "--big-mib" -> bigMib = Long.parseLong(args[++i]);
                case "--small-files" -> smallFiles = Integer.parseInt(args[++i]);
                case "--small-max-kib" -> smallMaxKib = Integer.parseInt(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--keep" -> keep = true;
                default -> {
                    System.err.println("unknown option " + args[i]);
                    System.exit(2);
                }
            }
        }
        Path base = dir == null ? Files.createTempDirectory("iwant-bench-index") : Files.createDirectories(dir);
        try {
            run(base, bigMib, smallFiles, smallMaxKib, threads);
        } finally {
            if (!keep) {
                deleteTree(base);
            }
        }
    }

    private static void run(Path base, long bigMib, int smallFiles, int smallMaxKib, int threads) throws Exception {
        Path share = Files.createDirectories(base.resolve("share"));
        Path downloads = Files.createDirectories(base.resolve("downloads"));
        Path dbDir = base.resolve("db");
        long[] made = generate(share, bigMib, smallFiles, smallMaxKib);
        long files = made[0];
        long bytes = made[1];
        out("tree: %d files, %s (%d MiB in mixed sizes + %d small files up to %d KiB), %d cores, %d hashing threads",
                files, mib(bytes), bigMib, smallFiles, smallMaxKib, Runtime.getRuntime().availableProcessors(), threads);

        readAll(share); // warm the page cache for both contenders
        long t0 = System.nanoTime();
        int rc = new ProcessBuilder("bash", "-c",
                "cd \"$1\" && find . -type f -print0 | xargs -0 openssl dgst -sha256 > /dev/null", "bash",
                share.toString()).inheritIO().start().waitFor();
        double openssl = seconds(t0);
        if (rc != 0) {
            throw new IOException("openssl over the tree failed with exit code " + rc);
        }
        out("openssl dgst -sha256, 1 thread:  %7.2f s  %7.0f MB/s", openssl, bytes / 1e6 / openssl);

        IndexSettings settings = IndexSettings.defaults().withHashThreads(threads);
        double first;
        try (Db db = Db.open(dbDir); LocalIndex index = new LocalIndex(db, settings)) {
            t0 = System.nanoTime();
            index.start(share, downloads);
            await(index);
            first = seconds(t0);
            out("iwant first index:               %7.2f s  %7.0f MB/s  = %.2fx openssl  (%d files indexed, %d read)",
                    first, bytes / 1e6 / first, openssl / first, index.stats().files(), index.filesRead());
        }

        try (Db db = Db.open(dbDir); LocalIndex index = new LocalIndex(db, settings)) {
            t0 = System.nanoTime();
            index.start(share, downloads);
            await(index);
            double restart = seconds(t0);
            out("restart over the unchanged tree: %7.2f s  (%d files indexed, %d read; database open included)",
                    restart, index.stats().files(), index.filesRead());

            List<Long> latencies = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                latencies.add(newFileToDelta(index, share.resolve("new-" + i + ".bin")));
            }
            out("new file written -> its delta:   %s ms (5 files of 64 KiB; settle time %d ms)",
                    latencies, settings.settle().toMillis());
        }
    }

    private static long newFileToDelta(LocalIndex index, Path file) throws Exception {
        String rel = file.getFileName().toString();
        CountDownLatch seen = new CountDownLatch(1);
        java.util.function.Consumer<IndexDelta> listener = d -> {
            if (d.upserts().stream().anyMatch(e -> e.path().equals(rel))) {
                seen.countDown();
            }
        };
        index.addListener(listener);
        try {
            byte[] data = new byte[64 * 1024];
            new SplittableRandom(rel.hashCode()).nextBytes(data);
            Files.write(file, data);
            long t0 = System.nanoTime();
            if (!seen.await(30, TimeUnit.SECONDS)) {
                throw new IOException("no delta for " + rel + " within 30 s");
            }
            return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        } finally {
            index.removeListener(listener);
        }
    }

    private static void await(LocalIndex index) throws InterruptedException, IOException {
        if (!index.awaitIdle(Duration.ofMinutes(30))) {
            throw new IOException("the index did not finish within 30 minutes");
        }
    }

    /** Writes the tree; returns {files, bytes}. Content is random, so no layer can shortcut it. */
    private static long[] generate(Path share, long bigMib, int smallFiles, int smallMaxKib) throws IOException {
        SplittableRandom random = new SplittableRandom(42);
        byte[] buffer = new byte[1 << 20];
        long files = 0;
        long bytes = 0;
        long left = bigMib << 20;
        Path big = Files.createDirectories(share.resolve("big"));
        for (int i = 0; left > 0; i++) {
            long size = Math.min(left, ((long) BIG_SIZES_MIB[i % BIG_SIZES_MIB.length] << 20) + random.nextInt(4096));
            Path dir = Files.createDirectories(big.resolve("set" + i % 4));
            try (OutputStream out = Files.newOutputStream(dir.resolve("file" + i + ".bin"))) {
                for (long written = 0; written < size; ) {
                    int n = (int) Math.min(buffer.length, size - written);
                    random.nextBytes(buffer);
                    out.write(buffer, 0, n);
                    written += n;
                }
            }
            files++;
            bytes += size;
            left -= size;
        }
        Path small = share.resolve("small");
        for (int i = 0; i < smallFiles; i++) {
            Path dir = small.resolve("d" + i / 1000);
            if (i % 1000 == 0) {
                Files.createDirectories(dir);
            }
            int size = random.nextInt(smallMaxKib * 1024 + 1);
            byte[] data = new byte[size];
            random.nextBytes(data);
            Files.write(dir.resolve("f" + i + ".txt"), data);
            files++;
            bytes += size;
        }
        return new long[] {files, bytes};
    }

    private static void readAll(Path root) throws IOException {
        byte[] buffer = new byte[1 << 20];
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                try (InputStream in = Files.newInputStream(file)) {
                    while (in.read(buffer) >= 0) {
                        // only to warm the page cache
                    }
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }

    private static void out(String format, Object... args) {
        System.out.println(String.format(Locale.ROOT, format, args));
    }
}
