package io.iwant.daemon.index;

import io.methvin.watcher.visitor.FileTreeVisitor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tree walks directory-watcher asks for. Without file hashing it walks a new root twice in a row, once to
 * list its folders and once to register a watch on each; on a large share each walk stats every file. This
 * visitor answers those two requests without walking when the folders are already known (from the stored index,
 * each checked to still be a folder), and otherwise walks once and answers the immediately following request for
 * the same root from the folders it just found. Any other request (a folder created later) is a walk. A folder
 * that the answer misses (created meanwhile) is caught by the caller: every scan checks that the folders it met
 * were {@linkplain #handedOut handed out}. Thread-safe.
 */
final class WalkOnceVisitor implements FileTreeVisitor {
    private static final Logger log = LoggerFactory.getLogger(WalkOnceVisitor.class);

    private final Set<Path> handedOut = ConcurrentHashMap.newKeySet();
    private Path knownRoot;
    private List<Path> known;
    private Path lastRoot;
    private List<Path> lastFolders;

    /** @param known the folders below and including {@code root} believed to exist, or null to walk */
    WalkOnceVisitor(Path root, List<Path> known) {
        this.knownRoot = known == null ? null : root;
        this.known = known;
    }

    @Override
    public synchronized void recursiveVisitFiles(Path start, Callback onFolder, Callback onFile) throws IOException {
        if (start.equals(knownRoot)) {
            for (Path folder : known) {
                BasicFileAttributes attrs = Share.lstat(folder);
                if (attrs != null && attrs.isDirectory()) {
                    try {
                        onFolder.call(folder);
                        handedOut.add(folder);
                    } catch (IOException e) {
                        log.debug("Cannot watch {}: {}", folder, e.getMessage());
                    }
                }
            }
            return;
        }
        if (start.equals(lastRoot)) {
            List<Path> folders = lastFolders;
            lastRoot = null;
            lastFolders = null;
            for (Path folder : folders) {
                onFolder.call(folder);
            }
            handedOut.addAll(folders);
            return;
        }
        List<Path> folders = new ArrayList<>();
        Files.walkFileTree(start, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                onFolder.call(dir);
                folders.add(dir);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                onFile.call(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                log.debug("Cannot watch {}: {}", file, e.getMessage());
                return FileVisitResult.CONTINUE;
            }
        });
        lastRoot = start;
        lastFolders = folders;
        handedOut.addAll(folders);
    }

    /**
     * True if {@code folder} was handed to the watcher. A folder created in the moment between the listing and its
     * replay is not: the caller sets up watching again when a scan meets one.
     */
    boolean handedOut(Path folder) {
        return handedOut.contains(folder);
    }

    /** Forgets the last walk, so nothing older than the current registration is ever replayed. */
    synchronized void forget() {
        knownRoot = null;
        known = null;
        lastRoot = null;
        lastFolders = null;
    }
}
