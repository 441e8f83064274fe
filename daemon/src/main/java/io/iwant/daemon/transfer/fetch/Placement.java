package io.iwant.daemon.transfer.fetch;

import io.iwant.protocol.hash.FileHasher;
import io.iwant.protocol.hash.FolderManifest;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * Where finished downloads go: {@code name} in the download folder, or {@code name (1).ext}, {@code name (2).ext}
 * and so on when that is taken by something different; a file or folder already there with the same content
 * counts as the download itself. Nothing existing is ever overwritten: moves never replace. Stateless.
 */
final class Placement {
    static final String PART_SUFFIX = ".iwant-part";
    private static final int MAX_TRIES = 10_000;

    private Placement() {
    }

    /** The n-th candidate name: {@code name} for 0, else {@code stem (n).ext} (folders: {@code name (n)}). */
    static String numbered(String name, int n, boolean dir) {
        if (n == 0) {
            return name;
        }
        int dot = dir ? -1 : name.lastIndexOf('.');
        if (dot <= 0) {
            return name + " (" + n + ")";
        }
        return name.substring(0, dot) + " (" + n + ")" + name.substring(dot);
    }

    /** The first {@code name.iwant-part}, {@code name (1).iwant-part}, ... that does not exist yet. */
    static Path freePartPath(Path folder, String name) throws IOException {
        for (int n = 0; n < MAX_TRIES; n++) {
            Path candidate = folder.resolve(numbered(name, n, true) + PART_SUFFIX);
            if (Files.notExists(candidate, LinkOption.NOFOLLOW_LINKS)) {
                return candidate;
            }
        }
        throw new IOException("no free name for a part file of " + name + " in " + folder);
    }

    /** An existing file or folder in {@code folder} under one of the candidate names with this content, or null. */
    static Path existing(Path folder, String name, boolean dir, long size, String hash) throws IOException {
        for (int n = 0; n < MAX_TRIES; n++) {
            Path candidate = folder.resolve(numbered(name, n, dir));
            if (Files.notExists(candidate, LinkOption.NOFOLLOW_LINKS)) {
                return null;
            }
            if (sameContent(candidate, dir, size, hash)) {
                return candidate;
            }
        }
        return null;
    }

    /**
     * Moves the finished {@code part} (a file, or a folder's staging tree) to its place in {@code folder} and returns
     * where it went; when the same content is already there, the part is deleted and that path returned.
     */
    static Path place(Path part, Path folder, String name, boolean dir, long size, String hash) throws IOException {
        for (int n = 0; n < MAX_TRIES; n++) {
            Path candidate = folder.resolve(numbered(name, n, dir));
            if (Files.notExists(candidate, LinkOption.NOFOLLOW_LINKS)) {
                try {
                    Files.move(part, candidate);
                    return candidate;
                } catch (FileAlreadyExistsException raced) {
                    // someone created it meanwhile: look at it like any other existing entry
                }
            }
            if (sameContent(candidate, dir, size, hash)) {
                deleteTree(part);
                return candidate;
            }
        }
        throw new IOException("no free name for " + name + " in " + folder);
    }

    private static boolean sameContent(Path path, boolean dir, long size, String hash) throws IOException {
        try {
            if (dir) {
                return SafeNames.isRealDirectory(path) && hash.equals(folderHash(path));
            }
            BasicFileAttributes attrs = Files.readAttributes(path, BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            return attrs.isRegularFile() && attrs.size() == size && new FileHasher().hash(path).hash().equals(hash);
        } catch (NoSuchFileException gone) {
            return false;
        }
    }

    /** The folder hash of a local tree, or null if it holds anything but plain files and folders. */
    static String folderHash(Path dir) throws IOException {
        List<FolderManifest.Entry> entries = new ArrayList<>();
        FileHasher hasher = new FileHasher();
        try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
            for (Path child : children) {
                BasicFileAttributes attrs = Files.readAttributes(child, BasicFileAttributes.class,
                        LinkOption.NOFOLLOW_LINKS);
                String name = child.getFileName().toString();
                if (!FolderManifest.isValidName(name)) {
                    return null;
                }
                if (attrs.isDirectory()) {
                    String hash = folderHash(child);
                    if (hash == null) {
                        return null;
                    }
                    entries.add(new FolderManifest.Entry(name, FolderManifest.Kind.FOLDER, treeSize(child), hash));
                } else if (attrs.isRegularFile()) {
                    entries.add(new FolderManifest.Entry(name, FolderManifest.Kind.FILE, attrs.size(),
                            hasher.hash(child).hash()));
                } else {
                    return null;
                }
            }
        }
        return new FolderManifest(entries).hash();
    }

    private static long treeSize(Path dir) throws IOException {
        long[] total = {0};
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile()) {
                    total[0] += attrs.size();
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return total[0];
    }

    /** Deletes a file, or a folder and everything in it, never following links. Missing is fine. */
    static void deleteTree(Path path) throws IOException {
        if (Files.notExists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!SafeNames.isRealDirectory(path)) {
            Files.deleteIfExists(path);
            return;
        }
        Files.walkFileTree(path, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                Files.deleteIfExists(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
