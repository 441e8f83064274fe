package io.iwant.daemon.control;

import io.iwant.daemon.play.PlayServer;
import io.iwant.daemon.transfer.fetch.DownloadManager;
import io.iwant.daemon.transfer.fetch.FileStream;
import io.iwant.protocol.UserError;
import io.iwant.protocol.control.ControlReply;
import io.iwant.protocol.control.ControlRequest;
import io.iwant.protocol.hash.HashPrefix;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;

/**
 * The control socket's streams: a file's verified bytes, in order, to the client while the file downloads
 * ({@code iwanto cat}). The bytes go as {@link ControlReply.Data} on the control connection itself: the daemon
 * alone decides what is verified, and the client needs no access to the part file, which moves when it is placed.
 */
final class StreamRequests {
    private static final Logger log = LoggerFactory.getLogger(StreamRequests.class);

    /** The most bytes one reply carries: small enough that the first ones leave as soon as their chunk is checked. */
    private static final int PIECE = 256 << 10;
    /** How long the stream waits for new bytes before it sends an empty reply to see whether the client is there. */
    private static final Duration PATIENCE = Duration.ofSeconds(1);

    private final DownloadManager transfers;
    private final DownloadRequests downloads;
    private final PlayServer play;

    StreamRequests(DownloadManager transfers, DownloadRequests downloads, PlayServer play) {
        this.transfers = transfers;
        this.downloads = downloads;
        this.play = play;
    }

    /** The file a prefix names, or null after sending the candidates of an ambiguous one; a folder is refused. */
    ControlReply.Hit file(String prefix, ControlHandler.Replies replies, String what) throws IOException {
        ControlReply.Hit hit = downloads.find(HashPrefix.parse(prefix), replies);
        if (hit != null && hit.dir()) {
            throw UserError.failed(hit.name() + "/ is a folder; only a file can be " + what
                    + " (fetch the folder with: iwanto download " + hit.hash().substring(0, 12) + ")");
        }
        return hit;
    }

    void stream(ControlRequest.Stream request, ControlHandler.Replies replies) throws IOException {
        ControlReply.Hit hit = file(request.hash(), replies, "streamed");
        if (hit == null) {
            return;
        }
        String hash = hit.hash();
        boolean joined = transfers.progress(hash).map(p -> !p.state().finished()).orElse(false);
        boolean complete = false;
        try (FileStream stream = transfers.stream(hash)) {
            ByteBuffer piece = ByteBuffer.allocate(PIECE);
            long offset = 0;
            while (true) {
                piece.clear();
                int n = read(stream, offset, piece);
                if (n < 0) {
                    break;
                }
                replies.send(new ControlReply.Data(Arrays.copyOf(piece.array(), n)));
                offset += n;
            }
            complete = true;
            replies.send(new ControlReply.Done(""));
        } catch (IOException clientLeft) {
            if (!complete && !request.keep() && !joined && transfers.discard(hash)) {
                log.info("the reader of {} left; its download is stopped and deleted as asked", hit.name());
            }
            throw clientLeft;
        }
    }

    /**
     * Starts the download of a file (unless it is here already) and answers with the URL that plays it; null after
     * sending the candidates of an ambiguous prefix.
     */
    ControlReply play(ControlRequest.Play request, ControlHandler.Replies replies) throws IOException {
        ControlReply.Hit hit = file(request.hash(), replies, "played");
        if (hit == null) {
            return null;
        }
        transfers.stream(hit.hash()).close(); // the download starts now, while the player starts
        return new ControlReply.Done(play.url(hit.hash(), hit.name()));
    }

    /** The next verified bytes at {@code offset}; the stream's failures become the client's. */
    private static int read(FileStream stream, long offset, ByteBuffer piece) {
        try {
            return stream.read(offset, piece, PATIENCE);
        } catch (IOException e) {
            throw UserError.failed(e.getMessage() != null && !e.getMessage().isBlank() ? e.getMessage()
                    : "cannot read the file (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw UserError.failed("the iwant daemon is shutting down");
        }
    }
}
