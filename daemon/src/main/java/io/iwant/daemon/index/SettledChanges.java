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

/**
 * Turns watcher events that have settled into index work, on the index thread: a path that is gone is removed
 * (with everything below it); a folder that appeared is scanned; a file whose size or mtime differs from the index
 * is hashed; a watcher overflow becomes a full rescan.
 */
final class SettledChanges implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(SettledChanges.class);
    private final IndexWorker index;

    SettledChanges(IndexWorker index) {
        this.index = index;
    }

    @Override
    public void run() {
        Share s = index.share;
        ChangeAggregator.Batch batch = index.changes.takeSettled();
        if (s == null || batch.isEmpty()) {
            return;
        }
        log.debug("Settled: {}{}", batch.paths(), batch.rescan() ? " and a rescan" : "");
        if (batch.rescan()) {
            index.scanner.request(s, "", index.generation);
        }
        List<String> removals = new ArrayList<>();
        List<String> scans = new ArrayList<>();
        List<HashPool.Job> jobs = new ArrayList<>();
        for (ChangeAggregator.Settled settled : batch.paths()) {
            Path path = settled.path();
            String rel = s.excluded(path) ? null : s.relative(path);
            if (rel == null) {
                continue;
            }
            Node node = index.tree.get(rel);
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
                BasicFileAttributes content = s.fileContent(path, own);
                if (content == null) {
                    if (node != null) {
                        removals.add(rel);
                    }
                } else if (!(node instanceof FileNode f) || f.size != content.size()
                        || f.mtimeNanos != Share.mtimeNanos(content)) {
                    jobs.add(new HashPool.Job(index.generation, s, List.of(new HashPool.Item(rel, content.size(),
                            Share.mtimeNanos(content), content.fileKey())), false, null));
                }
            }
        }
        if (!removals.isEmpty()) {
            index.commit(c -> removals.forEach(rel -> index.tree.remove(rel, c)));
        }
        scans.removeIf(rel -> scans.stream().anyMatch(other -> !other.equals(rel) && covers(other, rel)));
        for (String rel : new HashSet<>(scans)) {
            index.scanner.request(s, rel, index.generation);
        }
        for (HashPool.Job job : jobs) {
            if (scans.stream().noneMatch(root -> covers(root, job.items().get(0).path()))) {
                index.pool.submit(job);
            }
        }
    }

    private static boolean covers(String root, String path) {
        return root.isEmpty() || path.equals(root) || path.startsWith(root + "/");
    }
}
