package io.iwant.bench;

import io.iwant.daemon.peer.PeerContext;
import io.iwant.daemon.peer.PeerServer;
import io.iwant.daemon.store.Db;
import io.iwant.daemon.transfer.seed.ChunkServer;
import io.iwant.daemon.transfer.seed.ContentSource;
import io.iwant.daemon.transfer.fetch.DownloadManager;
import io.iwant.protocol.control.DownloadState;
import io.iwant.daemon.transfer.fetch.LocalCopies;
import io.iwant.daemon.transfer.fetch.Progress;
import io.iwant.daemon.transfer.fetch.SeederDirectory;
import io.iwant.daemon.transfer.seed.ServedFile;
import io.iwant.daemon.transfer.fetch.TransferSettings;
import io.iwant.protocol.hash.FileDigest;
import io.iwant.protocol.hash.FileHasher;
import io.iwant.protocol.hash.FolderManifest;
import io.iwant.protocol.secure.KeyFiles;
import io.iwant.protocol.secure.NetworkKey;
import io.iwant.protocol.secure.PeerKey;
import org.zeromq.ZContext;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The transfer benchmark's two halves, run as separate processes by {@code scripts/bench-transfer}:
 * <pre>
 * TransferBench key   FILE                              write a new network key to FILE (owner only), print its
 *                                                        fingerprint
 * TransferBench seed  [KEY] BIND_ADDRESS PORT FILE...    hash the files (a folder: every regular file below it,
 *                                                        links left out), serve them, print "file HASH SIZE" for
 *                                                        each file and "folder HASH SIZE" for each folder given,
 *                                                        and "ready PORT", run until stdin ends
 * TransferBench fetch [KEY] OUT_DIR HOST:PORT[,...]      one download manager, as in a running daemon: for each
 *                                                        line HASH:SIZE (a folder: HASH:SIZE:dir) on stdin,
 *                                                        download it and print one line of figures ending in
 *                                                        "-> TARGET"; ends at end of input
 * </pre>
 * KEY is {@code --network-key FILE}: the seeder or downloader is then a member of that private network, as a daemon
 * started with that key is (a {@link PeerContext} with the key and a peer key of its own), and every connection is
 * sealed; without it the network is open. Only addresses given on the command line are used (the script passes
 * loopback or namespace addresses).
 */
public final class TransferBench {
    private TransferBench() {
    }

    public static void main(String[] args) throws Exception {
        List<String> rest = new ArrayList<>(List.of(args));
        String command = rest.isEmpty() ? "" : rest.remove(0);
        Path keyFile = null;
        if (rest.size() >= 2 && rest.get(0).equals("--network-key") && !command.equals("key")) {
            keyFile = Path.of(rest.get(1));
            rest.subList(0, 2).clear();
        }
        if (command.equals("key") && rest.size() == 1) {
            NetworkKey key = NetworkKey.generate();
            KeyFiles.writePrivate(Path.of(rest.get(0)), key.text());
            System.out.println("key " + key.fingerprint());
        } else if (command.equals("seed") && rest.size() >= 3) {
            List<Path> files = new ArrayList<>();
            for (String f : rest.subList(2, rest.size())) {
                files.add(Path.of(f));
            }
            seed(keyFile, rest.get(0), Integer.parseInt(rest.get(1)), files);
        } else if (command.equals("fetch") && rest.size() == 2) {
            fetch(keyFile, Path.of(rest.get(0)), List.of(rest.get(1).split(",")));
        } else {
            System.err.println("usage: TransferBench key FILE | seed [--network-key FILE] BIND_ADDRESS PORT FILE..."
                    + " | fetch [--network-key FILE] OUT_DIR HOST:PORT[,...]");
            System.exit(2);
        }
    }

    /** An open network's context, or a private one's with the key in {@code keyFile} and a new peer key. */
    private static ZContext context(Path keyFile) {
        return keyFile == null ? new ZContext() : new PeerContext(NetworkKey.read(keyFile), PeerKey.generate());
    }

    private static void seed(Path keyFile, String bind, int port, List<Path> files) throws Exception {
        Map<String, ServedFile> served = new HashMap<>();
        Map<String, FolderManifest> folders = new HashMap<>();
        for (Path file : files) {
            if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
                FolderManifest manifest = serveFolder(file, served, folders);
                System.out.println("folder " + manifest.hash() + " " + manifest.totalSize());
            } else {
                FileDigest digest = serveFile(file, served);
                System.out.println("file " + digest.hash() + " " + digest.size());
            }
        }
        ContentSource source = new ContentSource() {
            @Override
            public Optional<ServedFile> file(String hash) {
                return Optional.ofNullable(served.get(hash));
            }

            @Override
            public Optional<FolderManifest> folder(String hash) {
                return Optional.ofNullable(folders.get(hash));
            }
        };
        try (ZContext context = context(keyFile);
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

    private static FileDigest serveFile(Path file, Map<String, ServedFile> served) throws IOException {
        FileDigest digest = new FileHasher().hash(file);
        BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
        served.put(digest.hash(), new ServedFile(file.toAbsolutePath(), digest.size(),
                attrs.lastModifiedTime().to(TimeUnit.NANOSECONDS), digest.chunkSize(), digest.chunkIdBytes(),
                () -> { }));
        return digest;
    }

    /** Hashes and serves every regular file and folder below {@code folder} (links are left out); its manifest. */
    private static FolderManifest serveFolder(Path folder, Map<String, ServedFile> served,
                                              Map<String, FolderManifest> folders) throws IOException {
        List<FolderManifest.Entry> entries = new ArrayList<>();
        List<Path> children;
        try (Stream<Path> list = Files.list(folder)) {
            children = list.toList();
        }
        for (Path child : children) {
            String name = child.getFileName().toString();
            if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
                FolderManifest sub = serveFolder(child, served, folders);
                entries.add(new FolderManifest.Entry(name, FolderManifest.Kind.FOLDER, sub.totalSize(), sub.hash()));
            } else if (Files.isRegularFile(child, LinkOption.NOFOLLOW_LINKS)) {
                FileDigest digest = serveFile(child, served);
                entries.add(new FolderManifest.Entry(name, FolderManifest.Kind.FILE, digest.size(), digest.hash()));
            }
        }
        FolderManifest manifest = new FolderManifest(entries);
        folders.put(manifest.hash(), manifest);
        return manifest;
    }

    private static void fetch(Path keyFile, Path out, List<String> peers) throws Exception {
        Path home = Files.createTempDirectory("iwant-bench");
        List<SeederDirectory.Seeder> seeders = new ArrayList<>();
        for (int i = 0; i < peers.size(); i++) {
            seeders.add(new SeederDirectory.Seeder("seeder-" + (i + 1), peers.get(i)));
        }
        Map<String, Long> sizes = new ConcurrentHashMap<>();
        Set<String> dirs = ConcurrentHashMap.newKeySet();
        SeederDirectory directory = h -> Optional.of(new SeederDirectory.Found(
                h.substring(0, 12) + (dirs.contains(h) ? "" : ".bin"), sizes.getOrDefault(h, 0L), dirs.contains(h),
                seeders));
        Map<String, Long> written = new ConcurrentHashMap<>();
        BlockingQueue<Progress> finished = new LinkedBlockingQueue<>();
        try (ZContext context = context(keyFile); Db db = Db.open(home.resolve("db"))) {
            DownloadManager manager = new DownloadManager(db, context, directory, LocalCopies.NONE, () -> out,
                    TransferSettings.defaults());
            manager.addListener(p -> {
                if (p.state() == DownloadState.VERIFYING && p.done() >= p.size() && p.size() > 0) {
                    written.putIfAbsent(p.hash(), System.nanoTime());
                }
                if (p.state().finished()) {
                    finished.add(p);
                }
            });
            manager.start();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line; (line = in.readLine()) != null; ) {
                String[] hashSize = line.trim().split(":");
                String hash = hashSize[0];
                long size = Long.parseLong(hashSize[1]);
                sizes.put(hash, size);
                if (hashSize.length > 2 && hashSize[2].equals("dir")) {
                    dirs.add(hash);
                }
                written.remove(hash);
                long start = System.nanoTime();
                manager.download(hash);
                Progress p = finished.take();
                while (!p.hash().equals(hash)) {
                    p = finished.take();
                }
                long end = System.nanoTime();
                if (p.state() != DownloadState.DONE) {
                    System.out.println("failed: " + p.reason());
                    continue;
                }
                long writtenAt = written.getOrDefault(hash, end);
                System.out.printf(Locale.ROOT, "iwant: %d bytes from %d seeder(s): %.1f MB/s verified and written, %.1f MB/s"
                                + " including fsync and rename -> %s%n", size, peers.size(),
                        size / 1e6 / ((writtenAt - start) / 1e9), size / 1e6 / ((end - start) / 1e9), p.target());
                System.out.flush();
            }
            manager.close();
        } finally {
            TempTrees.delete(home);
        }
    }
}
