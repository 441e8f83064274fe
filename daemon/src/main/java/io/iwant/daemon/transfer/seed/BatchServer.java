package io.iwant.daemon.transfer.seed;

import io.iwant.daemon.peer.PeerServer.Reply;
import io.iwant.protocol.peer.Transfer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * Serves {@link Transfer.BatchRequest}s: several small files whole in one reply, their bytes concatenated in one
 * frame. A file is served when it is shared here, fits one chunk, fits the batch's byte budget with the ones before
 * it, and reads back unchanged (size and mtime as indexed, before and after the read, as {@link ChunkServer} checks
 * a chunk); any other is left out of the reply, which the downloader takes as "not here". The frame is a heap
 * buffer of exactly the bytes served (no lease: a batch is never acknowledged). Stateless; runs on the peer
 * server's worker threads.
 */
final class BatchServer {
    private static final Logger log = LoggerFactory.getLogger(BatchServer.class);

    private final ContentSource source;
    private final LongAdder filesServed;
    private final LongAdder bytesServed;

    /** Counts each file served in {@code filesServed} (as a chunk) and its bytes in {@code bytesServed}. */
    BatchServer(ContentSource source, LongAdder filesServed, LongAdder bytesServed) {
        this.source = source;
        this.filesServed = filesServed;
        this.bytesServed = bytesServed;
    }

    Reply batch(Transfer.BatchRequest request) {
        List<ServedFile> files = new ArrayList<>();
        List<String> hashes = new ArrayList<>();
        long total = 0;
        for (String hash : request.hashes()) {
            Optional<ServedFile> found = source.file(hash);
            if (found.isEmpty() || found.get().chunkCount() != 1 || found.get().size() > found.get().chunkSize()
                    || total + found.get().size() > Transfer.MAX_BATCH_BYTES) {
                continue;
            }
            files.add(found.get());
            hashes.add(hash);
            total += found.get().size();
        }
        ByteBuffer data = ByteBuffer.allocate((int) total);
        List<Transfer.Piece> pieces = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            ServedFile file = files.get(i);
            int start = data.position();
            if (read(file, data)) {
                pieces.add(new Transfer.Piece(hashes.get(i), data.position() - start));
            } else {
                data.position(start); // left out: the next file's bytes go where these were
            }
        }
        Transfer.BatchData reply = new Transfer.BatchData(request.id(), pieces);
        filesServed.add(pieces.size());
        bytesServed.add(reply.bytes());
        return new Reply(reply, reply.bytes() == 0 ? null : data.flip().slice());
    }

    /** Appends the whole file to {@code data}; false if it changed, shrank or cannot be read. */
    private static boolean read(ServedFile file, ByteBuffer data) {
        if (ChunkServer.changed(file)) {
            return false;
        }
        int end = data.position() + (int) file.size();
        try (FileChannel channel = FileChannel.open(file.path(), StandardOpenOption.READ)) {
            ByteBuffer into = data.duplicate().limit(end);
            while (into.hasRemaining()) {
                if (channel.read(into, into.position() - data.position()) < 0) {
                    file.changed().run();
                    return false;
                }
            }
        } catch (IOException e) {
            log.debug("cannot read {}: {}", file.path(), e.toString());
            return false;
        }
        if (ChunkServer.changed(file)) { // modified while we read: the bytes may be a mix
            return false;
        }
        data.position(end);
        return true;
    }
}
