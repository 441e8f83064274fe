package io.iwant.daemon.store;

import org.rocksdb.RocksDB;
import org.rocksdb.util.Environment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * Loads RocksDB's native library from a per-user cache ({@code $XDG_CACHE_HOME/iwant/native}, else
 * {@code ~/.cache/iwant/native}), extracting it from the jar only once per library build. RocksDB's own loader
 * extracts 17 MB into the temporary folder at every start and leaves it there when the process is killed; this
 * also takes most of that cost off each start. Falls back to RocksDB's loader when anything goes wrong.
 */
final class NativeLibrary {
    private static final Logger log = LoggerFactory.getLogger(NativeLibrary.class);
    private static boolean loaded;

    private NativeLibrary() {
    }

    static synchronized void load() {
        if (loaded) {
            return;
        }
        try {
            Path dir = extracted();
            RocksDB.loadLibrary(List.of(dir.toString()));
        } catch (IOException | RuntimeException | UnsatisfiedLinkError e) {
            log.info("loading RocksDB's native library the default way ({})", e.toString());
            RocksDB.loadLibrary();
        }
        loaded = true;
    }

    /** The folder holding the library, extracted there if it is not yet. */
    private static Path extracted() throws IOException {
        String name = Environment.getJniLibraryFileName("rocksdb"); // as the jar holds it
        String loadedAs = Environment.getJniLibraryFileName("rocksdbjni"); // as loadLibrary(paths) looks for it
        URL resource = RocksDB.class.getClassLoader().getResource(name);
        if (resource == null) {
            throw new IOException("no " + name + " in the jar");
        }
        URLConnection connection = resource.openConnection();
        long size = connection.getContentLengthLong();
        Path dir = cacheRoot().resolve(name.substring(0, name.lastIndexOf('.')) + "-" + size);
        Path library = dir.resolve(loadedAs);
        if (Files.isRegularFile(library) && Files.size(library) == size) {
            return dir;
        }
        Files.createDirectories(dir);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        }
        Path tmp = Files.createTempFile(dir, name, ".tmp");
        try (InputStream in = connection.getInputStream()) {
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            try {
                Files.move(tmp, library, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, library, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        return dir;
    }

    private static Path cacheRoot() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("iwant").resolve("native");
    }
}
