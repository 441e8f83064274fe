package io.iwant.daemon.transfer.fetch;

import io.iwant.protocol.control.DownloadState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The last steps of a download, on a preparing thread: flushing and closing each completed file (and copying it to
 * the other places of a folder that holds the same content twice), moving the result into place, and keeping the
 * resume store in step; for a failed or cancelled download, closing its files and keeping what it has for a retry;
 * for a forgotten one, deleting what it wrote.
 */
final class Finisher {
    private static final Logger log = LoggerFactory.getLogger(Finisher.class);

    private final ResumeStore store;

    Finisher(ResumeStore store) {
        this.store = store;
    }

    /** Flushes and closes a complete file and fills in its copies. Idempotent: a finished file is left as it is. */
    static void finishFile(FileTask file) throws IOException {
        if (file.finished()) {
            return;
        }
        file.close(true);
        for (Path copy : file.copies) {
            Files.copy(file.path, copy, StandardCopyOption.REPLACE_EXISTING);
        }
        file.finishedNow();
    }

    /**
     * Finishes every file, places the result, records it as done and notes where each file's content now is (for
     * later downloads to copy); returns where it went.
     */
    Path place(Preparer.Job job) throws IOException {
        for (FileTask file : job.files()) {
            finishFile(file);
        }
        ResumeStore.Record r = job.record();
        Path target = Placement.place(job.part(), Path.of(r.folder()), r.name(), r.dir(), r.size(), r.hash());
        store.put(r.with(DownloadState.DONE, "", target.toString()));
        store.clearChunks(r.hash());
        store.clearMeta(r.hash());
        for (FileTask file : job.files()) {
            // small files are not noted: a batch fetches one for less than a note costs per file to keep and check
            if (file.size > ChunkPicker.SMALL_FILE) {
                Path placed = r.dir() ? target.resolve(job.part().relativize(file.path).toString()) : target;
                store.putLocalCopy(file.hash, placed, file.size);
            }
        }
        return target;
    }

    /** Records a download that needed nothing fetched. */
    void alreadyThere(ResumeStore.Record r, Path target) throws IOException {
        store.put(r.with(DownloadState.DONE, "", target.toString()));
    }

    /**
     * Closes the files of a download that failed or was cancelled and records how it ended; its part and the
     * record of its chunks stay, so a retry continues where it stopped.
     */
    void stopped(ResumeStore.Record r, Preparer.Job job, DownloadState how, String reason) {
        if (job != null) {
            closeQuietly(job);
        }
        if (r != null) {
            try {
                store.put(r.with(how, reason, ""));
            } catch (IOException e) {
                log.warn("cannot record the end of the download of {}: {}", r.hash(), e.getMessage());
            }
        }
    }

    /** Forgets a download: deletes the part of one that did not finish, and everything kept about it. */
    void forget(String hash) {
        try {
            ResumeStore.Record r = store.get(hash).orElse(null);
            if (r != null && r.state() != DownloadState.DONE && !r.part().isEmpty()) {
                Placement.deleteTree(Path.of(r.part()));
            }
            store.remove(hash);
        } catch (IOException e) {
            log.warn("cannot forget the download of {}: {}", hash, e.getMessage());
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
