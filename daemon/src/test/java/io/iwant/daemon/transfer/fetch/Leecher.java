package io.iwant.daemon.transfer.fetch;

import io.iwant.daemon.store.Db;
import io.iwant.daemon.transfer.seed.Seeder;
import org.zeromq.ZContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/** The downloading peer for tests: a database, a download manager and a directory the test fills in. */
final class Leecher implements AutoCloseable {
    final Path home;
    final Path downloads;
    final ZContext context;
    final Map<String, SeederDirectory.Found> directory = new ConcurrentHashMap<>();
    final Map<String, Path> localFiles = new ConcurrentHashMap<>();
    private final TransferSettings settings;
    /** The free space the download folder reports; the real file store's unless a test says otherwise. */
    volatile Preparer.FreeSpace freeSpace = Preparer.FreeSpace.FILE_STORE;
    Db db;
    DownloadManager manager;

    Leecher(ZContext context, Path home, TransferSettings settings) throws IOException {
        this.context = context;
        this.home = home;
        this.downloads = home.resolve("downloads");
        this.settings = settings;
        Files.createDirectories(downloads);
        open();
    }

    static TransferSettings quick() {
        return TransferSettings.defaults().withTimeouts(Duration.ofMillis(600), Duration.ofSeconds(2),
                Duration.ofSeconds(2), Duration.ofMillis(500));
    }

    void open() throws IOException {
        db = Db.open(home.resolve("db"));
        manager = new DownloadManager(db, context, hash -> Optional.ofNullable(directory.get(hash)),
                hash -> Optional.ofNullable(localFiles.get(hash)), () -> downloads, settings, System::nanoTime, null,
                folder -> freeSpace.in(folder));
        manager.start();
    }

    /** Tells the directory that {@code seeders} hold {@code hash}. */
    void publish(String hash, String name, long size, boolean dir, Seeder... seeders) {
        directory.put(hash, new SeederDirectory.Found(name, size, dir,
                java.util.Arrays.stream(seeders).map(Seeder::endpoint).toList()));
    }

    /** Waits until the download's progress satisfies {@code condition}, failing after {@code timeout}. */
    Progress await(String hash, Predicate<Progress> condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Progress last = null;
        while (System.nanoTime() - deadline < 0) {
            last = manager.progress(hash).orElse(null);
            if (last != null && condition.test(last)) {
                return last;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("timed out waiting; last progress: " + last);
    }

    /** Waits for the download to finish (done, failed or cancelled) and returns its last progress. */
    Progress finish(String hash) throws InterruptedException {
        return await(hash, p -> p.state().finished(), Duration.ofSeconds(30));
    }

    /** Simulates a crash: stops the manager without letting it tidy anything, and closes the database. */
    void crash() {
        manager.close();
        db.close();
    }

    List<Progress> list() {
        return manager.list();
    }

    @Override
    public void close() {
        manager.close();
        db.close();
    }
}
