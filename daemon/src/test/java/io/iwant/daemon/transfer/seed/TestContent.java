package io.iwant.daemon.transfer.seed;

import io.iwant.protocol.hash.FileDigest;
import io.iwant.protocol.hash.FileHasher;
import io.iwant.protocol.hash.FolderManifest;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A seeder's "index" for tests: files and folders hashed from real paths, served by hash. */
public final class TestContent implements ContentSource {
    private final Map<String, ServedFile> files = new ConcurrentHashMap<>();
    private final Map<String, FolderManifest> folders = new ConcurrentHashMap<>();
    final AtomicInteger changedReports = new AtomicInteger();

    /** Indexes a file; returns its hash. */
    public String addFile(Path file) throws IOException {
        FileDigest digest = new FileHasher().hash(file);
        return serve(file, digest);
    }

    /** Serves {@code file} under the hash and chunk ids of {@code digest} (a liar, when they differ). */
    public String serve(Path file, FileDigest digest) throws IOException {
        BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
        files.put(digest.hash(), new ServedFile(file.toAbsolutePath(), digest.size(),
                attrs.lastModifiedTime().to(TimeUnit.NANOSECONDS), digest.chunkSize(), digest.chunkIdBytes(),
                changedReports::incrementAndGet));
        return digest.hash();
    }

    /** Indexes a folder tree; returns its hash. */
    public String addTree(Path dir) throws IOException {
        List<FolderManifest.Entry> entries = new ArrayList<>();
        try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
            for (Path child : children) {
                String name = child.getFileName().toString();
                if (Files.isDirectory(child)) {
                    String hash = addTree(child);
                    entries.add(new FolderManifest.Entry(name, FolderManifest.Kind.FOLDER,
                            folders.get(hash).totalSize(), hash));
                } else {
                    String hash = addFile(child);
                    entries.add(new FolderManifest.Entry(name, FolderManifest.Kind.FILE, Files.size(child), hash));
                }
            }
        }
        return addManifest(new FolderManifest(entries));
    }

    public String addManifest(FolderManifest manifest) {
        String hash = manifest.hash();
        folders.put(hash, manifest);
        return hash;
    }

    @Override
    public Optional<ServedFile> file(String hash) {
        return Optional.ofNullable(files.get(hash));
    }

    @Override
    public Optional<FolderManifest> folder(String hash) {
        return Optional.ofNullable(folders.get(hash));
    }
}
