package io.iwant.daemon.index;

import io.iwant.daemon.index.Node.FileNode;
import io.iwant.daemon.index.Node.FolderNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.function.Function;

/**
 * Decides what watcher events that have settled mean for the index: a path that is gone is removed (with everything
 * below it); a folder that appeared is scanned; a file whose size or mtime differs from the index is hashed. Reads
 * the disk and the tree it is given, changes nothing: the index thread carries the {@link Work} out.
 */
final class SettledChanges {
    private static final Logger log = LoggerFactory.getLogger(SettledChanges.class);

    /** Paths to remove, folders to scan (none below another), hash jobs (none inside a folder to scan). */
    record Work(List<String> removals, List<String> scans, List<HashPool.Job> jobs) {
    }

    private SettledChanges() {
    }

    /**
     * What the settled paths of {@code batch} call for in {@code share}, given the indexed node at each relative path
     * ({@code indexed}, null if none); jobs carry {@code generation}.
     */
    static Work plan(Share share, ChangeAggregator.Batch batch, Function<String, Node> indexed, long generation) {
        log.debug("Settled: {}{}", batch.paths(), batch.rescan() ? " and a rescan" : "");
        List<String> removals = new ArrayList<>();
        List<String> scans = new ArrayList<>();
        List<HashPool.Job> jobs = new ArrayList<>();
        for (ChangeAggregator.Settled settled : batch.paths()) {
            Path path = settled.path();
            String rel = share.excluded(path) ? null : share.relative(path);
            if (rel == null) {
                continue;
            }
            Node node = indexed.apply(rel);
            BasicFileAttributes own = Share.lstat(path);
            if (rel.isEmpty() || own == null) {
                if (rel.isEmpty()) {
                    scans.add("");
                } else if (node != null) {
                    removals.add(rel);
                }
            } else if (own.isDirectory()) {
                int structural = ChangeAggregator.CREATED | ChangeAggregator.DELETED;
                if ((settled.kinds() & structural) != 0 || !(node instanceof FolderNode)) {
                    scans.add(rel);
                }
            } else {
                BasicFileAttributes content = share.fileContent(path, own);
                if (content == null) {
                    if (node != null) {
                        removals.add(rel);
                    }
                } else if (!(node instanceof FileNode f) || f.size != content.size()
                        || f.mtimeNanos != Share.mtimeNanos(content)) {
                    jobs.add(new HashPool.Job(generation, share, List.of(new HashPool.Item(rel, content.size(),
                            Share.mtimeNanos(content), content.fileKey())), false, null));
                }
            }
        }
        scans.removeIf(rel -> scans.stream().anyMatch(other -> !other.equals(rel) && covers(other, rel)));
        List<String> distinct = List.copyOf(new HashSet<>(scans));
        jobs.removeIf(job -> scans.stream().anyMatch(root -> covers(root, job.items().get(0).path())));
        return new Work(removals, distinct, jobs);
    }

    private static boolean covers(String root, String path) {
        return root.isEmpty() || path.equals(root) || path.startsWith(root + "/");
    }
}
