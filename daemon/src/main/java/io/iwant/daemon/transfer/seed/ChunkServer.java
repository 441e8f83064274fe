package io.iwant.daemon.transfer.seed;

import io.iwant.daemon.peer.PeerServer;
import io.iwant.daemon.peer.PeerServer.Reply;
import io.iwant.protocol.hash.ContentHash;
import io.iwant.protocol.hash.FolderManifest;
import io.iwant.protocol.peer.Transfer;
import io.iwant.protocol.peer.Transfer.Reason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The seeder side of transfers: answers metadata and chunk requests on the peer server, only for what the
 * {@link ContentSource} says is shared. Before and after reading a chunk it compares the file's size and mtime
 * with what was indexed and refuses a changed file (reporting it). Chunks are read with positional reads straight
 * into the reply's buffer (a direct one lent until the client acknowledges the chunk, see {@link LentBuffers}),
 * which the peer socket sends as a frame of its own; memory is bounded by the peer server's per-client queues and
 * worker count. Stateless apart from counters and the buffer pool; the handlers run on the peer server's threads
 * (chunk reads on its socket thread while they stay quick, see {@link PeerServer.Lane#QUICK}).
 */
public final class ChunkServer {
    private static final Logger log = LoggerFactory.getLogger(ChunkServer.class);

    /** Direct buffers lent at most at once: a window of 16 chunks to each of several downloaders, and their acks. */
    static final int MAX_LENT = 64;

    private final ContentSource source;
    private final LentBuffers buffers;
    private final LongAdder chunksServed = new LongAdder();
    private final LongAdder bytesServed = new LongAdder();

    public ChunkServer(ContentSource source) {
        this(source, new LentBuffers(ContentHash.CHUNK_SIZE, MAX_LENT));
    }

    ChunkServer(ContentSource source, LentBuffers buffers) {
        this.source = source;
        this.buffers = buffers;
    }

    /** Registers the metadata and chunk handlers on {@code server} (before it starts). */
    public ChunkServer register(PeerServer server) {
        server.on(Transfer.MetaRequest.class, PeerServer.Lane.POOL,
                (client, request) -> meta((Transfer.MetaRequest) request));
        server.on(Transfer.ChunkRequest.class, PeerServer.Lane.QUICK,
                (client, request) -> chunk((Transfer.ChunkRequest) request));
        BatchServer batches = new BatchServer(source, chunksServed, bytesServed);
        server.on(Transfer.BatchRequest.class, PeerServer.Lane.POOL,
                (client, request) -> batches.batch((Transfer.BatchRequest) request));
        return this;
    }

    /** Chunks served since start (successful replies only). */
    public long chunksServed() {
        return chunksServed.sum();
    }

    public long bytesServed() {
        return bytesServed.sum();
    }

    Reply meta(Transfer.MetaRequest request) {
        String hash = request.hash();
        Optional<ServedFile> file = source.file(hash);
        if (file.isPresent()) {
            ServedFile f = file.get();
            if (changed(f)) {
                return refuse(hash, -1, Reason.CHANGED, "the file changed since it was indexed");
            }
            try {
                return Reply.of(new Transfer.FileMeta(hash, f.size(), f.chunkSize(), f.chunkIds()));
            } catch (IllegalArgumentException e) {
                log.warn("index entry for {} is inconsistent: {}", hash, e.getMessage());
                f.changed().run();
                return refuse(hash, -1, Reason.CHANGED, "the index entry is being rebuilt");
            }
        }
        Optional<FolderManifest> folder = source.folder(hash);
        if (folder.isPresent()) {
            try {
                return Reply.of(new Transfer.FolderMeta(hash, folder.get()));
            } catch (IllegalArgumentException e) {
                return refuse(hash, -1, Reason.CHANGED, "the folder changed since it was indexed");
            }
        }
        return refuse(hash, -1, Reason.NOT_SHARED, "nothing with this hash is shared here");
    }

    Reply chunk(Transfer.ChunkRequest request) {
        String hash = request.hash();
        int index = request.index();
        Optional<ServedFile> found = source.file(hash);
        if (found.isEmpty()) {
            return refuse(hash, index, Reason.NOT_SHARED, "no file with this hash is shared here");
        }
        ServedFile file = found.get();
        if (index >= file.chunkCount()) {
            return refuse(hash, index, Reason.BAD_REQUEST, "the file has only " + file.chunkCount() + " chunks");
        }
        if (changed(file)) {
            return refuse(hash, index, Reason.CHANGED, "the file changed since it was indexed");
        }
        long offset = (long) index * file.chunkSize();
        int length = (int) Math.min(file.chunkSize(), file.size() - offset);
        ByteBuffer data = buffers.take(length);
        Reply refused = read(file, hash, index, offset, data);
        if (refused != null) {
            buffers.give(data);
            return refused;
        }
        chunksServed.increment();
        bytesServed.add(length);
        // A slice as long as the chunk: JeroMQ 0.6.0 sends a large frame straight from its buffer up to the
        // buffer's capacity, not its limit, so a short chunk in a pooled buffer would drag the rest along.
        return new Reply(new Transfer.ChunkData(hash, index, length), data.flip().slice(),
                buffers.lease(data, Transfer.chunkKey(hash, index)));
    }

    /** Fills {@code data} from {@code offset}; a refusal if the file cannot be read or changed meanwhile. */
    private static Reply read(ServedFile file, String hash, int index, long offset, ByteBuffer data) {
        try (FileChannel channel = FileChannel.open(file.path(), StandardOpenOption.READ)) {
            while (data.hasRemaining()) {
                if (channel.read(data, offset + data.position()) < 0) {
                    file.changed().run();
                    return refuse(hash, index, Reason.CHANGED, "the file is shorter than when it was indexed");
                }
            }
        } catch (IOException e) {
            log.debug("cannot read {}: {}", file.path(), e.toString());
            return refuse(hash, index, Reason.UNREADABLE, "the file cannot be read");
        }
        if (changed(file)) { // modified while we read: the bytes may be a mix
            return refuse(hash, index, Reason.CHANGED, "the file changed while it was read");
        }
        return null;
    }

    /** True (and reported) if the file on disk no longer has the indexed size and mtime. */
    static boolean changed(ServedFile file) {
        boolean changed;
        try {
            BasicFileAttributes now = Files.readAttributes(file.path(), BasicFileAttributes.class);
            changed = !now.isRegularFile() || now.size() != file.size()
                    || now.lastModifiedTime().to(TimeUnit.NANOSECONDS) != file.mtimeNanos();
        } catch (NoSuchFileException e) {
            changed = true;
        } catch (IOException e) {
            changed = true;
        }
        if (changed) {
            file.changed().run();
        }
        return changed;
    }

    private static Reply refuse(String hash, int index, Reason reason, String detail) {
        return Reply.of(new Transfer.Refusal(hash, index, reason, detail));
    }
}
