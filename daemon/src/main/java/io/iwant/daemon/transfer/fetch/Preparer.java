package io.iwant.daemon.transfer.fetch;

import io.iwant.protocol.control.DownloadState;
import io.iwant.protocol.hash.ContentHash;
import io.iwant.protocol.hash.FolderManifest;
import io.iwant.protocol.hash.Hex;
import io.iwant.protocol.peer.PeerMessage;
import io.iwant.protocol.peer.Transfer;
import org.zeromq.ZContext;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Gets a download ready to fetch chunks, on a preparing thread (it blocks on the network and the disk): looks up
 * the seeders, finds an identical file or folder already in place, fetches and checks the metadata (cached in the
 * resume store), plans a folder's tree, creates the part file or staging tree, checks chunks already on disk from
 * an earlier run, and copies content this peer already has. The result is either a download for the transfer
 * loop or the path of content that needs nothing more.
 */
final class Preparer {
    private static final Logger log = LoggerFactory.getLogger(Preparer.class);

    private static final String EMPTY_FILE_HASH = Hex.encode(ContentHash.chunkId(new byte[0]));

    /** The lookup cannot be done now (no network index yet); the manager tries again later. */
    static final class RetryLater extends Exception {
        RetryLater(String message) {
            super(message);
        }
    }

    /** How the preparation reports progress and learns of cancellation. */
    interface Reporter {
        void report(Progress progress);

        boolean cancelled();
    }

    /** What the manager keeps to finish or clean up a prepared download. */
    record Job(ResumeStore.Record record, List<FileTask> files) {
        Path part() {
            return Path.of(record.part());
        }
    }

    sealed interface Outcome permits Ready, Finished {
    }

    /** Ready for the transfer loop. */
    record Ready(ActiveDownload download, List<SeederDirectory.Seeder> seeders, Job job) implements Outcome {
    }

    /** Nothing to fetch: the content is already at {@code target}. */
    record Finished(ResumeStore.Record record, Path target) implements Outcome {
    }

    private final ZContext context;
    private final ResumeStore store;
    private final SeederDirectory directory;
    private final LocalCopies copies;
    private final TransferSettings settings;
    private final Supplier<Path> downloadFolder;
    private final LongSupplier clock;
    private final FreeSpace freeSpace;

    /** How many bytes can still be written in a folder. */
    @FunctionalInterface
    interface FreeSpace {
        long in(Path folder) throws IOException;

        FreeSpace FILE_STORE = folder -> Files.getFileStore(folder).getUsableSpace();
    }

    /** Room kept free beyond what a download needs, for the resume store and the file system's own use. */
    static final long SPARE_BYTES = 16L << 20;

    Preparer(ZContext context, ResumeStore store, SeederDirectory directory, LocalCopies copies,
             TransferSettings settings, Supplier<Path> downloadFolder, LongSupplier clock, FreeSpace freeSpace) {
        this.context = context;
        this.store = store;
        this.directory = directory;
        this.copies = copies;
        this.settings = settings;
        this.downloadFolder = downloadFolder;
        this.clock = clock;
        this.freeSpace = freeSpace;
    }

    /**
     * @param resumed the stored record of an earlier run, or null for a new download
     * @param patient whether "nobody has it" may be temporary (right after a restart the index is still filling)
     */
    Outcome prepare(String hash, ResumeStore.Record resumed, boolean patient, Reporter reporter)
            throws IOException, RetryLater {
        SeederDirectory.Found found = lookup(hash, patient);
        ResumeStore.Record r = resumed;
        if (r == null) {
            String name = SafeNames.check(found.name());
            Path folder = downloadFolder.get();
            Files.createDirectories(folder);
            reporter.report(new Progress(hash, name, found.dir(), DownloadState.VERIFYING, 0, found.size(), 0, -1,
                    0, "", ""));
            r = new ResumeStore.Record(hash, name, found.dir(), found.size(), folder.toString(), "",
                    DownloadState.QUEUED, "", "");
            Path existing = Placement.existing(folder, name, found.dir(), found.size(), hash);
            if (existing != null) {
                return new Finished(r, existing);
            }
        }
        SafeNames.check(r.name());
        try (MetaClient client = new MetaClient(context, settings.metaTimeout())) {
            Metadata meta = new Metadata(hash, client, found.seeders());
            PeerMessage described = meta.any(hash);
            boolean dir = described instanceof Transfer.FolderMeta;
            long size = dir ? ((Transfer.FolderMeta) described).manifest().totalSize()
                    : ((Transfer.FileMeta) described).size();
            if (resumed == null && (size != found.size() || dir != found.dir())) {
                // the metadata hashes to what was asked for; the index's description is only a claim
                log.warn("the network index describes {} as {} of {} bytes, its seeders as {} of {}: going by the "
                        + "seeders", hash, found.dir() ? "a folder" : "a file", found.size(),
                        dir ? "a folder" : "a file", size);
            }
            Path folder = Path.of(r.folder());
            Path part = r.part().isEmpty() ? Placement.freePartPath(folder, r.name()) : Path.of(r.part());
            boolean resuming = !r.part().isEmpty() && Files.exists(part, LinkOption.NOFOLLOW_LINKS);
            r = new ResumeStore.Record(hash, r.name(), dir, size, r.folder(), part.toString(),
                    DownloadState.DOWNLOADING, "", "");
            store.put(r);
            List<FileTask> tasks = new ArrayList<>();
            if (dir) {
                planFolder(hash, ((Transfer.FolderMeta) described).manifest(), part, resuming, meta, tasks);
            } else {
                Transfer.FileMeta file = (Transfer.FileMeta) described;
                PartFiles.createFile(part, resuming);
                tasks.add(new FileTask(0, hash, file.size(), file.chunkSize(), file.chunkIds(), part, List.of()));
            }
            check(reporter);
            long done = checkDisk(hash, r, tasks, resuming, reporter);
            long free = freeSpace.in(folder);
            if (free < size - done + SPARE_BYTES) {
                throw new IOException("not enough free space in " + folder + ": the download needs "
                        + (size - done) + " more bytes and " + free + " are free");
            }
            ActiveDownload download = new ActiveDownload(hash, r.name(), dir, size, done, tasks, settings,
                    clock.getAsLong());
            download.syncs = !inMemory(folder);
            return new Ready(download, found.seeders(), new Job(r, tasks));
        }
    }

    /** True if {@code folder} is on a file system that lives in memory, where a sync keeps nothing. */
    private static boolean inMemory(Path folder) {
        try {
            String type = Files.getFileStore(folder).type();
            return type.equals("tmpfs") || type.equals("ramfs");
        } catch (IOException e) {
            return false;
        }
    }

    private SeederDirectory.Found lookup(String hash, boolean patient) throws IOException, RetryLater {
        Optional<SeederDirectory.Found> found;
        try {
            found = directory.lookup(hash);
        } catch (IOException e) {
            throw new RetryLater("the network index cannot be asked: " + e.getMessage());
        }
        if (found.isEmpty() || found.get().seeders().isEmpty()) {
            if (patient) {
                throw new RetryLater("no peer is known to have " + hash + " yet");
            }
            throw new IOException("no peer has " + hash);
        }
        return found.get();
    }

    private void planFolder(String hash, FolderManifest manifest, Path staging, boolean resuming, Metadata meta,
                            List<FileTask> tasks) throws IOException {
        prefetch(manifest, meta);
        FolderPlanner.Plan plan = FolderPlanner.plan(manifest, hash, meta::folder);
        Set<Path> checked = new HashSet<>();
        PartFiles.createTree(staging, plan.dirs(), resuming, checked);
        int ordinal = 0;
        for (FolderPlanner.FileEntry entry : plan.files()) {
            List<Path> paths = new ArrayList<>();
            // a small file's own path is created by its first write (CREATE_NEW, so a name that clashes with
            // another on this file system is still caught), which saves an open and a close per file
            boolean lazy = !resuming && entry.size() > 0 && entry.size() <= ChunkPicker.SMALL_FILE;
            for (String relative : entry.paths()) {
                boolean created = !lazy || !paths.isEmpty();
                Path path = SafeNames.inside(staging, relative, checked, created);
                if (created) {
                    PartFiles.createFile(path, resuming);
                }
                paths.add(path);
            }
            byte[] ids;
            int chunkSize;
            if (entry.size() <= ContentHash.CHUNK_SIZE) {
                ids = Hex.decode(entry.hash()); // one chunk: its id is the file's hash
                chunkSize = ContentHash.CHUNK_SIZE;
            } else {
                Transfer.FileMeta file = meta.file(entry.hash());
                if (file.size() != entry.size()) {
                    throw new IOException("a peer describes " + entry.paths().get(0) + " with " + file.size()
                            + " bytes where the folder lists " + entry.size());
                }
                ids = file.chunkIds();
                chunkSize = file.chunkSize();
            }
            FileTask task = new FileTask(ordinal++, entry.hash(), entry.size(), chunkSize, ids, paths.get(0),
                    paths.subList(1, paths.size()));
            if (lazy) {
                task.notCreated();
            }
            tasks.add(task);
        }
    }

    /**
     * Fetches the metadata the plan needs (every sub-folder's manifest, a level at a time, and the chunk ids of
     * every file of more than one chunk) many per round trip, into the cache the planner then reads. Bounded as the
     * planner is: it stops past {@link FolderPlanner#MAX_ENTRIES} distinct hashes or {@link FolderPlanner#MAX_DEPTH}
     * levels, and the planner says why.
     */
    private static void prefetch(FolderManifest root, Metadata meta) throws IOException {
        Set<String> seen = new HashSet<>();
        List<FolderManifest> level = List.of(root);
        for (int depth = 0; !level.isEmpty() && depth <= FolderPlanner.MAX_DEPTH; depth++) {
            List<String> folders = new ArrayList<>();
            List<String> files = new ArrayList<>();
            for (FolderManifest manifest : level) {
                for (FolderManifest.Entry entry : manifest.entries()) {
                    boolean folder = entry.kind() == FolderManifest.Kind.FOLDER;
                    if ((folder || entry.size() > ContentHash.CHUNK_SIZE) && seen.add(entry.hash())) {
                        (folder ? folders : files).add(entry.hash());
                    }
                }
            }
            if (seen.size() > FolderPlanner.MAX_ENTRIES) {
                return;
            }
            meta.prefetch(files);
            List<FolderManifest> next = new ArrayList<>();
            for (PeerMessage got : meta.prefetch(folders).values()) {
                if (got instanceof Transfer.FolderMeta folder) {
                    next.add(folder.manifest());
                }
            }
            level = next;
        }
    }

    /**
     * Marks done what is already on disk: chunks recorded by an earlier run that still check out, small files an
     * earlier run wrote whole but did not get to record (a batch cut off by a crash), local copies.
     */
    private long checkDisk(String hash, ResumeStore.Record r, List<FileTask> tasks, boolean resuming,
                           Reporter reporter) throws IOException {
        Map<Integer, BitSet> recorded = store.doneChunks(hash);
        long[] checked = {0};
        long total = r.size();
        for (FileTask task : tasks) {
            check(reporter);
            if (task.size == 0) {
                if (!task.hash.equals(EMPTY_FILE_HASH)) {
                    throw new IOException("the folder lists an empty file whose hash is not that of an empty file");
                }
                task.done.set(0);
            } else {
                BitSet candidates = recorded.get(task.ordinal);
                if (candidates == null && resuming && task.chunkCount() == 1 && task.size <= ChunkPicker.SMALL_FILE
                        && PartFiles.hasSize(task)) {
                    candidates = new BitSet();
                    candidates.set(0);
                }
                if (candidates != null) {
                    PartFiles.verify(task, candidates, n -> {
                        checked[0] += n;
                        reporter.report(new Progress(hash, r.name(), r.dir(), DownloadState.VERIFYING, checked[0],
                                total, 0, -1, 0, "", ""));
                    });
                }
            }
            if (task.done.isEmpty() && task.size > 0) {
                // where earlier downloads put a file is kept for large files only (see Finisher.place)
                Optional<Path> local = copies.find(task.hash).or(() -> task.size > ChunkPicker.SMALL_FILE
                        ? store.localCopy(task.hash) : Optional.empty());
                if (local.isPresent()) {
                    BitSet good = PartFiles.copyLocal(task, local.get(), n -> { });
                    for (int i = good.nextSetBit(0); i >= 0; i = good.nextSetBit(i + 1)) {
                        store.markDone(hash, task.ordinal, i);
                    }
                }
            }
            task.resetMissing();
        }
        long done = 0;
        for (FileTask task : tasks) {
            done += task.doneBytes();
        }
        return done;
    }

    private static void check(Reporter reporter) {
        if (reporter.cancelled()) {
            throw new CancellationException("cancelled");
        }
    }

    /** Metadata from the resume store's cache or the seeders, checked against the hash asked for. */
    private final class Metadata {
        private final String download;
        private final MetaClient client;
        private final List<SeederDirectory.Seeder> seeders;

        Metadata(String download, MetaClient client, List<SeederDirectory.Seeder> seeders) {
            this.download = download;
            this.client = client;
            this.seeders = seeders;
        }

        PeerMessage any(String hash) throws IOException {
            Optional<PeerMessage> cached = store.meta(download, hash);
            if (cached.isPresent()) {
                return cached.get();
            }
            PeerMessage meta = client.fetch(hash, seeders);
            store.putMeta(download, hash, meta);
            return meta;
        }

        /** The metadata of each of {@code hashes}, from the cache or asked of the seeders many at a time. */
        Map<String, PeerMessage> prefetch(List<String> hashes) throws IOException {
            Map<String, PeerMessage> found = new HashMap<>();
            List<String> missing = new ArrayList<>();
            for (String hash : hashes) {
                Optional<PeerMessage> cached = store.meta(download, hash);
                if (cached.isPresent()) {
                    found.put(hash, cached.get());
                } else {
                    missing.add(hash);
                }
            }
            if (!missing.isEmpty()) {
                Map<String, PeerMessage> fetched = client.fetchAll(missing, seeders);
                for (Map.Entry<String, PeerMessage> e : fetched.entrySet()) {
                    store.putMeta(download, e.getKey(), e.getValue());
                }
                found.putAll(fetched);
            }
            return found;
        }

        FolderManifest folder(String hash) throws IOException {
            if (any(hash) instanceof Transfer.FolderMeta folder) {
                return folder.manifest();
            }
            throw new IOException("a peer describes the sub-folder " + hash + " as a file");
        }

        Transfer.FileMeta file(String hash) throws IOException {
            if (any(hash) instanceof Transfer.FileMeta file) {
                return file;
            }
            throw new IOException("a peer describes the file " + hash + " as a folder");
        }
    }
}
