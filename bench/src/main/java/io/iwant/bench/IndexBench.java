package io.iwant.bench;

import io.iwant.daemon.index.IndexSettings;
import io.iwant.daemon.index.LocalIndex;
import io.iwant.daemon.store.Db;
import io.iwant.protocol.index.IndexDelta;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
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
 * {@code openssl dgst -sha256} over the same files (page cache warm for both), separately for files of mixed sizes
 * (bandwidth) and many small files (per-file cost), each in a fresh JVM (a daemon's first index right after it
 * starts, the JIT compilers still at work) and in a warm one (a running daemon given a new folder), and the whole
 * tree in a warm JVM; then, in a fresh JVM, the time for a restart over the unchanged tree and the time from writing
 * a new file to its delta. Run by {@code scripts/bench-index}.
 *
 * <pre>
 * IndexBench [--dir DIR] [--big-mib N] [--small-files N] [--small-max-kib N] [--threads N] [--runs N] [--keep]
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
        Path restartBase = null;
        Path partBase = null;
        String part = null;
        int runs = 3;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--restart" -> restartBase = Path.of(args[++i]);
                case "--first-index-small", "--first-index-mixed" -> {
                    part = args[i].substring("--first-index-".length());
                    partBase = Path.of(args[++i]);
                }
                case "--runs" -> runs = Integer.parseInt(args[++i]);
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
        if (restartBase != null) {
            restart(restartBase, threads);
            return;
        }
        if (partBase != null) {
            firstIndexPart(partBase, part, threads);
            return;
        }
        if (runs < 1) {
            System.err.println("--runs must be at least 1");
            System.exit(2);
        }
        Path base = dir == null ? Files.createTempDirectory("iwant-bench-index") : Files.createDirectories(dir);
        try {
            run(base, bigMib, smallFiles, smallMaxKib, threads, runs);
        } finally {
            if (!keep) {
                TempTrees.delete(base);
            }
        }
    }

    /** One timed run over some files: wall and CPU seconds. */
    private record Run(double wall, double cpu) {
    }

    private static void run(Path base, long bigMib, int smallFiles, int smallMaxKib, int threads, int runs)
            throws Exception {
        Path share = Files.createDirectories(base.resolve("share"));
        Path downloads = Files.createDirectories(base.resolve("downloads"));
        long[] mixed = generateMixed(share.resolve("mixed"), bigMib);
        long[] small = generateSmall(share.resolve("small"), smallFiles, smallMaxKib);
        long[] all = {mixed[0] + small[0], mixed[1] + small[1]};
        out("tree: %d files of mixed sizes (1..256 MiB, %s) + %d small files (0..%d KiB, %s); %d cores, %d hashing"
                        + " threads; page cache warm", mixed[0], mib(mixed[1]), small[0], smallMaxKib, mib(small[1]),
                Runtime.getRuntime().availableProcessors(), threads);
        // write the new tree out before measuring, so the kernel's writeback does not run during the measurements
        new ProcessBuilder("sync").inheritIO().start().waitFor();
        readAll(share); // warm the page cache for every contender

        // every row is the best of `runs` runs: on a shared machine a single run swings by a third either way
        Run sslMixed = best(runs, () -> openssl(share.resolve("mixed")));
        Run sslSmall = best(runs, () -> openssl(share.resolve("small")));
        Run sslAll = new Run(sslMixed.wall + sslSmall.wall, sslMixed.cpu + sslSmall.cpu);
        IndexSettings settings = IndexSettings.defaults().withHashThreads(threads);
        // first in this JVM, as in a daemon that has just started: nothing compiled yet; the other runs in new JVMs
        Run thisJvm = firstIndex(share.resolve("mixed"), downloads, base.resolve("db-cold-mixed"), settings, mixed[0]);
        Run coldMixed = best(runs - 1, () -> freshJvm(base, threads, "mixed"), thisJvm);
        Run coldSmall = best(runs, () -> freshJvm(base, threads, "small"));
        // two untimed passes over the whole tree (the JIT compilers settle over about 200,000 files), then each
        // part again: a daemon that has been running for a while, as when `iwanto share` points it at a new folder
        for (int pass = 1; pass <= 2; pass++) {
            firstIndex(share, downloads, base.resolve("db-warm-up-" + pass), settings, all[0]);
        }
        Run warmMixed = best(runs, () -> firstIndex(share.resolve("mixed"), downloads, newDb(base), settings, mixed[0]));
        Run warmSmall = best(runs, () -> firstIndex(share.resolve("small"), downloads, newDb(base), settings, small[0]));
        // the first of these leaves its database where the restart below looks for it
        Run warmAll = best(runs, () -> firstIndex(share, downloads,
                Files.exists(base.resolve("db")) ? newDb(base) : base.resolve("db"), settings, all[0]));

        out("%-48s %8s %9s %9s %8s", "", "wall", "MB/s", "files/s", "cpu");
        line("openssl dgst -sha256, 1 thread, mixed sizes", sslMixed, mixed, null);
        line("iwant first index, mixed sizes, fresh JVM", coldMixed, mixed, sslMixed);
        line("iwant first index, mixed sizes, warm JVM", warmMixed, mixed, sslMixed);
        line("openssl dgst -sha256, 1 thread, small files", sslSmall, small, null);
        line("iwant first index, small files, fresh JVM", coldSmall, small, sslSmall);
        line("iwant first index, small files, warm JVM", warmSmall, small, sslSmall);
        line("openssl, whole tree (sum of the two above)", sslAll, all, null);
        line("iwant first index, whole tree, warm JVM", warmAll, all, sslAll);

        long t0 = System.nanoTime();
        child(base, threads, "--restart", ProcessBuilder.Redirect.INHERIT);
        out("(the restarted process lived %.2f s in all, JVM start and the latency probes included)", seconds(t0));
    }

    /** Runs this class in a fresh JVM with {@code mode} over {@code base}; returns its standard output. */
    private static String child(Path base, int threads, String mode, ProcessBuilder.Redirect output)
            throws IOException, InterruptedException {
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Diwant.home=" + System.getProperty("iwant.home", base.toString()),
                "-cp", System.getProperty("java.class.path"), IndexBench.class.getName(),
                mode, base.toString(), "--threads", Integer.toString(threads))
                .redirectOutput(output).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String printed = output == ProcessBuilder.Redirect.PIPE
                ? new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8) : "";
        int code = process.waitFor();
        if (code != 0) {
            throw new IOException("the child JVM (" + mode + ") failed with exit code " + code);
        }
        return printed;
    }

    /** One measurement, which may fail. */
    private interface Measure {
        Run run() throws Exception;
    }

    /** The run with the shortest wall time of {@code count} runs of {@code measure} and the {@code earlier} ones. */
    private static Run best(int count, Measure measure, Run... earlier) throws Exception {
        Run best = null;
        for (Run run : earlier) {
            best = best == null || run.wall < best.wall ? run : best;
        }
        for (int i = 0; i < count; i++) {
            Run run = measure.run();
            best = best == null || run.wall < best.wall ? run : best;
        }
        return best;
    }

    private static Path newDb(Path base) {
        return base.resolve("db-" + System.nanoTime());
    }

    /** The first index of {@code part} of the share in a fresh JVM, measured there and printed as "wall cpu". */
    private static Run freshJvm(Path base, int threads, String part) throws IOException, InterruptedException {
        String[] printed = child(base, threads, "--first-index-" + part, ProcessBuilder.Redirect.PIPE).trim()
                .split("\\s+");
        return new Run(Double.parseDouble(printed[printed.length - 2]), Double.parseDouble(printed[printed.length - 1]));
    }

    /** In a fresh JVM: the first index of one part of the share, printed as "wall cpu" seconds on the last line. */
    private static void firstIndexPart(Path base, String part, int threads) throws Exception {
        Path folder = base.resolve("share").resolve(part);
        long files;
        try (var list = Files.walk(folder)) {
            files = list.filter(Files::isRegularFile).count();
        }
        IndexSettings settings = IndexSettings.defaults().withHashThreads(threads);
        Run run = firstIndex(folder, base.resolve("downloads"), newDb(base), settings, files);
        System.out.println(String.format(Locale.ROOT, "%.6f %.6f", run.wall, run.cpu));
    }

    private static void line(String what, Run run, long[] filesBytes, Run openssl) {
        out("%-48s %6.2f s %9.0f %9.0f %6.2f s%s", what, run.wall, filesBytes[1] / 1e6 / run.wall,
                filesBytes[0] / run.wall, run.cpu, openssl == null ? ""
                        : String.format(Locale.ROOT, "   = %.2fx openssl", openssl.wall / run.wall));
    }

    private static Run openssl(Path dir) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        Process openssl = new ProcessBuilder("bash", "-c",
                "cd \"$1\" && find . -type f -print0 | xargs -0 openssl dgst -sha256 > /dev/null && times", "bash",
                dir.toString()).redirectErrorStream(true).start();
        String times = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int rc = openssl.waitFor();
        double wall = seconds(t0);
        if (rc != 0) {
            throw new IOException("openssl over " + dir + " failed with exit code " + rc + ": " + times.trim());
        }
        return new Run(wall, childrenCpu(times));
    }

    /** Indexes {@code share} into a new database and waits until it is done. */
    private static Run firstIndex(Path share, Path downloads, Path dbDir, IndexSettings settings, long files)
            throws Exception {
        try (Db db = Db.open(dbDir); LocalIndex index = new LocalIndex(db, settings)) {
            long cpu0 = processCpuNanos();
            long t0 = System.nanoTime();
            index.start(share, downloads);
            await(index);
            Run run = new Run(seconds(t0), (processCpuNanos() - cpu0) / 1e9);
            if (index.stats().files() != files || index.filesRead() != files) {
                throw new IOException("indexed " + index.stats().files() + " files and read " + index.filesRead()
                        + ", expected " + files);
            }
            return run;
        }
    }

    /** The second half, in a fresh JVM as after a real restart: reopen the database and index the same tree. */
    private static void restart(Path base, int threads) throws Exception {
        long t0 = System.nanoTime();
        Path share = base.resolve("share");
        IndexSettings settings = IndexSettings.defaults().withHashThreads(threads);
        try (Db db = Db.open(base.resolve("db")); LocalIndex index = new LocalIndex(db, settings)) {
            index.start(share, base.resolve("downloads"));
            await(index);
            double restart = seconds(t0);
            double cpu = processCpuNanos() / 1e9;
            out("restart over the unchanged tree: %7.2f s  (fresh JVM, main() to ready, database open included; cpu"
                    + " %.2f s since JVM start; %d files indexed, %d read)", restart, cpu, index.stats().files(),
                    index.filesRead());

            List<Long> latencies = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                latencies.add(newFileToDelta(index, share.resolve("new-" + System.nanoTime() + ".bin")));
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

    /** Writes files of mixed sizes (1 to 256 MiB) adding up to {@code mib}; returns {files, bytes}. Random content. */
    private static long[] generateMixed(Path dir, long mib) throws IOException {
        SplittableRandom random = new SplittableRandom(42);
        byte[] buffer = new byte[1 << 20];
        long files = 0;
        long bytes = 0;
        long left = mib << 20;
        for (int i = 0; left > 0; i++) {
            long size = Math.min(left, ((long) BIG_SIZES_MIB[i % BIG_SIZES_MIB.length] << 20) + random.nextInt(4096));
            Path set = Files.createDirectories(dir.resolve("set" + i % 4));
            try (OutputStream out = Files.newOutputStream(set.resolve("file" + i + ".bin"))) {
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
        return new long[] {files, bytes};
    }

    /** Writes {@code count} small files of random sizes up to {@code maxKib}, 1000 per folder; returns {files, bytes}. */
    private static long[] generateSmall(Path dir, int count, int maxKib) throws IOException {
        SplittableRandom random = new SplittableRandom(7);
        long bytes = 0;
        Files.createDirectories(dir);
        for (int i = 0; i < count; i++) {
            Path folder = dir.resolve("d" + i / 1000);
            if (i % 1000 == 0) {
                Files.createDirectories(folder);
            }
            byte[] data = new byte[random.nextInt(maxKib * 1024 + 1)];
            random.nextBytes(data);
            Files.write(folder.resolve("f" + i + ".txt"), data);
            bytes += data.length;
        }
        return new long[] {count, bytes};
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

    /** The children's user + system seconds from the second line of bash's {@code times}. */
    private static double childrenCpu(String times) {
        String[] lines = times.trim().split("\n");
        double total = 0;
        for (String part : lines[lines.length - 1].trim().split("\\s+")) {
            int m = part.indexOf('m');
            total += Double.parseDouble(part.substring(0, m)) * 60
                    + Double.parseDouble(part.substring(m + 1, part.length() - 1));
        }
        return total;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
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
