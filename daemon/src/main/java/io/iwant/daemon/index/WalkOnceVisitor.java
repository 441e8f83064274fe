package io.iwant.daemon.index;

import io.methvin.watcher.visitor.FileTreeVisitor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
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
 *
 * <p>The watcher needs folders only, so a walk stats a folder's entries only while it may still hold folders: on
 * file systems whose folders count their subfolders in their link count (ext2/3/4, xfs, tmpfs: two plus one per
 * subfolder), a folder with a link count of two is not listed, and a listing stops once it has found them all.
 */
final class WalkOnceVisitor implements FileTreeVisitor {
    private static final Logger log = LoggerFactory.getLogger(WalkOnceVisitor.class);

    /** File system types whose folders' link counts are two plus their subfolders. */
    private static final Set<String> LINK_COUNTING = Set.of("ext2", "ext3", "ext4", "xfs", "tmpfs");

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
        List<Path> folders = walkFolders(start, onFolder);
        lastRoot = start;
        lastFolders = folders;
        handedOut.addAll(folders);
    }

    /** Every folder at and below {@code start}, each told to {@code onFolder} as it is found. */
    private static List<Path> walkFolders(Path start, Callback onFolder) throws IOException {
        boolean counted = countsSubfolders(start);
        List<Path> folders = new ArrayList<>();
        Deque<Path> pending = new ArrayDeque<>();
        pending.push(start);
        while (!pending.isEmpty()) {
            Path folder = pending.pop();
            onFolder.call(folder);
            folders.add(folder);
            int subfolders = counted ? subfolderCount(folder) : -1;
            if (subfolders == 0) {
                continue;
            }
            int found = 0;
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
                for (Path entry : entries) {
                    BasicFileAttributes attrs = Share.lstat(entry);
                    if (attrs != null && attrs.isDirectory()) {
                        pending.push(entry);
                        if (++found == subfolders) {
                            break;
                        }
                    }
                }
            } catch (IOException | DirectoryIteratorException e) {
                log.debug("Cannot watch below {}: {}", folder, e.getMessage());
            }
        }
        return folders;
    }

    /** True if folders on {@code start}'s file system have a link count of two plus their subfolders. */
    private static boolean countsSubfolders(Path start) {
        try {
            return LINK_COUNTING.contains(Files.getFileStore(start).type());
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** How many subfolders {@code folder} has by its link count; -1 if the count says nothing (as on btrfs). */
    private static int subfolderCount(Path folder) {
        try {
            int links = (Integer) Files.getAttribute(folder, "unix:nlink", LinkOption.NOFOLLOW_LINKS);
            return links >= 2 ? links - 2 : -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
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
