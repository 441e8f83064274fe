package io.iwant.daemon.bench;

import io.iwant.daemon.peer.PeerServer;
import io.iwant.daemon.store.Db;
import io.iwant.daemon.transfer.ChunkServer;
import io.iwant.daemon.transfer.ContentSource;
import io.iwant.daemon.transfer.DownloadManager;
import io.iwant.daemon.transfer.DownloadState;
import io.iwant.daemon.transfer.LocalCopies;
import io.iwant.daemon.transfer.Progress;
import io.iwant.daemon.transfer.SeederDirectory;
import io.iwant.daemon.transfer.ServedFile;
import io.iwant.daemon.transfer.TransferSettings;
import io.iwant.protocol.hash.FileDigest;
import io.iwant.protocol.hash.FileHasher;
import io.iwant.protocol.hash.FolderManifest;
import org.zeromq.ZContext;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The transfer benchmark's two halves, run as separate processes by {@code scripts/bench-transfer}:
 * <pre>
 * TransferBench seed  FILE BIND_ADDRESS PORT      hash FILE, serve it, print "ready HASH SIZE", run until stdin ends
 * TransferBench fetch HASH SIZE OUT_DIR HOST:PORT... download it, print the figures
 * </pre>
 * Only addresses given on the command line are used (the script passes loopback or namespace addresses).
 */
public final class TransferBench {
    private TransferBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length >= 4 && args[0].equals("seed")) {
            seed(Path.of(args[1]), args[2], Integer.parseInt(args[3]));
        } else if (args.length >= 5 && args[0].equals("fetch")) {
            List<String> peers = new ArrayList<>(List.of(args).subList(4, args.length));
            fetch(args[1], Long.parseLong(args[2]), Path.of(args[3]), peers);
        } else {
            System.err.println("usage: TransferBench seed FILE BIND_ADDRESS PORT | fetch HASH SIZE OUT_DIR HOST:PORT...");
            System.exit(2);
        }
    }

    private static void seed(Path file, String bind, int port) throws Exception {
        FileDigest digest = new FileHasher().hash(file);
        BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
        ServedFile served = new ServedFile(file.toAbsolutePath(), digest.size(),
                attrs.lastModifiedTime().to(TimeUnit.NANOSECONDS), digest.chunkSize(), digest.chunkIdBytes(), () -> { });
        ContentSource source = new ContentSource() {
            @Override
            public Optional<ServedFile> file(String hash) {
                return hash.equals(digest.hash()) ? Optional.of(served) : Optional.empty();
            }

            @Override
            public Optional<FolderManifest> folder(String hash) {
                return Optional.empty();
            }
        };
        try (ZContext context = new ZContext();
             PeerServer server = new PeerServer(context, bind, port, 4)) {
            new ChunkServer(source).register(server);
            int bound = server.start();
            System.out.println("ready " + digest.hash() + " " + digest.size() + " " + bound);
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            while (in.readLine() != null) {
                // until the script closes our stdin
            }
        }
    }

    private static void fetch(String hash, long size, Path out, List<String> peers) throws Exception {
        Path home = Files.createTempDirectory("iwant-bench");
        List<SeederDirectory.Seeder> seeders = new ArrayList<>();
        for (int i = 0; i < peers.size(); i++) {
            seeders.add(new SeederDirectory.Seeder("seeder-" + (i + 1), peers.get(i)));
        }
        SeederDirectory directory = h -> Optional.of(new SeederDirectory.Found("bench.bin", size, false, seeders));
        AtomicLong written = new AtomicLong();
        AtomicReference<Progress> last = new AtomicReference<>();
        CountDownLatch finished = new CountDownLatch(1);
        try (ZContext context = new ZContext(); Db db = Db.open(home.resolve("db"))) {
            DownloadManager manager = new DownloadManager(db, context, directory, LocalCopies.NONE, () -> out,
                    TransferSettings.defaults());
            manager.addListener(p -> {
                if (p.done() >= size && written.get() == 0) {
                    written.set(System.nanoTime());
                }
                if (p.state().finished()) {
                    last.set(p);
                    finished.countDown();
                }
            });
            manager.start();
            long start = System.nanoTime();
            manager.download(hash);
            finished.await();
            long end = System.nanoTime();
            manager.close();
            Progress p = last.get();
            if (p.state() != DownloadState.DONE) {
                System.out.println("failed: " + p.reason());
                System.exit(1);
            }
            long writtenAt = written.get() == 0 ? end : written.get();
            System.out.printf("iwant: %d bytes from %d seeder(s): %.0f MB/s verified and written, %.0f MB/s"
                            + " including fsync and rename -> %s%n", size, peers.size(),
                    size / 1e6 / ((writtenAt - start) / 1e9), size / 1e6 / ((end - start) / 1e9), p.target());
        } finally {
            deleteTree(home);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
