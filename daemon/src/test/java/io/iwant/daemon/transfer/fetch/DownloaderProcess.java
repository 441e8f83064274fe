package io.iwant.daemon.transfer.fetch;

import io.iwant.daemon.store.Db;
import org.zeromq.ZContext;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A downloading peer in a JVM of its own, for tests that kill it as SIGKILL kills a daemon:
 * {@code DownloaderProcess HOME HASH NAME HOST:PORT} opens the database in HOME/db, downloads the folder HASH (named
 * NAME) from the seeder at HOST:PORT into HOME/downloads as {@link Leecher} does, and ends when the download
 * does (printing its state) or after two minutes, so that a test that fails leaves no process behind.
 */
public final class DownloaderProcess {
    private DownloaderProcess() {
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(args[0]);
        String hash = args[1];
        SeederDirectory.Found found = new SeederDirectory.Found(args[2], 0, true,
                List.of(new SeederDirectory.Seeder("seeder", args[3])));
        try (ZContext context = new ZContext(); Db db = Db.open(home.resolve("db"))) {
            DownloadManager manager = new DownloadManager(db, context, h -> Optional.of(found), LocalCopies.NONE,
                    () -> home.resolve("downloads"), Leecher.quick());
            manager.start();
            manager.download(hash);
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (System.nanoTime() - deadline < 0
                    && !manager.progress(hash).map(p -> p.state().finished()).orElse(false)) {
                Thread.sleep(20);
            }
            System.out.println(manager.progress(hash).map(Progress::state).orElse(null));
            manager.close();
        }
    }
}
