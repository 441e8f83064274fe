package io.iwant.daemon.transfer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The last steps of a download, on a preparing thread: flushing and closing each completed file (and copying it to
 * the other places of a folder that holds the same content twice), moving the result into place, and keeping the
 * resume store in step; or, for a cancelled download, deleting what it wrote; or, for a failed one, closing its
 * files and keeping what it has for a retry.
 */
final class Finisher {
    private static final Logger log = LoggerFactory.getLogger(Finisher.class);

    private final ResumeStore store;

    Finisher(ResumeStore store) {
        this.store = store;
    }

    /** Flushes and closes a complete file and fills in its copies. Idempotent. */
    static void finishFile(FileTask file) throws IOException {
        file.close(true);
        for (Path copy : file.copies) {
            Files.copy(file.path, copy, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Finishes every file, places the result, records it as done; returns where it went. */
    Path place(Preparer.Job job) throws IOException {
        for (FileTask file : job.files()) {
            finishFile(file);
        }
        ResumeStore.Record r = job.record();
        Path target = Placement.place(job.part(), Path.of(r.folder()), r.name(), r.dir(), r.size(), r.hash());
        store.put(r.with(DownloadState.DONE, "", target.toString()));
        store.clearChunks(r.hash());
        store.removeMeta(job.metaHashes());
        return target;
    }

    /** Records a download that needed nothing fetched. */
    void alreadyThere(ResumeStore.Record r, Path target) throws IOException {
        store.put(r.with(DownloadState.DONE, "", target.toString()));
    }

    /** Closes the files of a failed download and records why; its part and chunks stay for a retry. */
    void failed(ResumeStore.Record r, Preparer.Job job, String reason) {
        if (job != null) {
            closeQuietly(job);
        }
        if (r != null) {
            try {
                store.put(r.with(DownloadState.FAILED, reason, ""));
            } catch (IOException e) {
                log.warn("cannot record the failure of {}: {}", r.hash(), e.getMessage());
            }
        }
    }

    /** Deletes everything a cancelled download wrote and remembers it as cancelled. */
    void discard(ResumeStore.Record r, Preparer.Job job) {
        if (job != null) {
            closeQuietly(job);
        }
        if (r == null) {
            return;
        }
        try {
            if (!r.part().isEmpty()) {
                Placement.deleteTree(Path.of(r.part()));
            }
            store.clearChunks(r.hash());
            if (job != null) {
                store.removeMeta(job.metaHashes());
            }
            store.put(new ResumeStore.Record(r.hash(), r.name(), r.dir(), r.size(), r.folder(), "",
                    DownloadState.CANCELLED, "", ""));
        } catch (IOException e) {
            log.warn("cannot clean up the cancelled download of {}: {}", r.hash(), e.getMessage());
        }
    }

    static void closeQuietly(Preparer.Job job) {
        for (FileTask file : job.files()) {
            try {
                file.close(false);
            } catch (IOException e) {
                log.debug("closing {} failed: {}", file.path, e.getMessage());
            }
        }
    }
}
