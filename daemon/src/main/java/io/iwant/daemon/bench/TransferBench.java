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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The transfer benchmark's two halves, run as separate processes by {@code scripts/bench-transfer}:
 * <pre>
 * TransferBench seed  BIND_ADDRESS PORT FILE...          hash the files, serve them, print "file HASH SIZE" for each
 *                                                        and "ready PORT", run until stdin ends
 * TransferBench fetch OUT_DIR HOST:PORT[,...] HASH:SIZE... download each in turn (one JVM, as in a running daemon:
 *                                                        the first ones warm it up), print one line of figures each
 * </pre>
 * Only addresses given on the command line are used (the script passes loopback or namespace addresses).
 */
public final class TransferBench {
    private TransferBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length >= 4 && args[0].equals("seed")) {
            List<Path> files = new ArrayList<>();
            for (String f : List.of(args).subList(3, args.length)) {
                files.add(Path.of(f));
            }
            seed(args[1], Integer.parseInt(args[2]), files);
        } else if (args.length >= 4 && args[0].equals("fetch")) {
            List<String> peers = List.of(args[2].split(","));
            List<String> wanted = List.of(args).subList(3, args.length);
            for (int i = 0; i < wanted.size(); i++) {
                String[] hashSize = wanted.get(i).split(":");
                Path target = fetch(hashSize[0], Long.parseLong(hashSize[1]), Path.of(args[1]), peers);
                if (i < wanted.size() - 1) {
                    Files.delete(target); // a warm-up
                }
            }
        } else {
            System.err.println("usage: TransferBench seed BIND_ADDRESS PORT FILE... | fetch OUT_DIR HOST:PORT[,...] HASH:SIZE...");
            System.exit(2);
        }
    }

    private static void seed(String bind, int port, List<Path> files) throws Exception {
        Map<String, ServedFile> served = new HashMap<>();
        for (Path file : files) {
            FileDigest digest = new FileHasher().hash(file);
            BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
            served.put(digest.hash(), new ServedFile(file.toAbsolutePath(), digest.size(),
                    attrs.lastModifiedTime().to(TimeUnit.NANOSECONDS), digest.chunkSize(), digest.chunkIdBytes(),
                    () -> { }));
            System.out.println("file " + digest.hash() + " " + digest.size());
        }
        ContentSource source = new ContentSource() {
            @Override
            public Optional<ServedFile> file(String hash) {
                return Optional.ofNullable(served.get(hash));
            }

            @Override
            public Optional<FolderManifest> folder(String hash) {
                return Optional.empty();
            }
        };
        try (ZContext context = new ZContext();
             PeerServer server = new PeerServer(context, bind, port, 4)) {
            new ChunkServer(source).register(server);
            System.out.println("ready " + server.start());
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            while (in.readLine() != null) {
                // until the script closes our stdin
            }
        }
    }

    private static Path fetch(String hash, long size, Path out, List<String> peers) throws Exception {
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
            return Path.of(p.target());
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
