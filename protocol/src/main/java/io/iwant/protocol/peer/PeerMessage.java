package io.iwant.protocol.peer;

/**
 * Everything peers say to each other over ZeroMQ (DEALER to ROUTER): requests, and the replies that travel back.
 * A message is one Kryo frame; chunk bytes, where a message carries them, follow as a second frame of their own.
 */
public sealed interface PeerMessage permits PeerMessage.Refused, PeerMessage.Ping, PeerMessage.Pong,
        Sync.SnapshotPart, Sync.Delta, Sync.Check, Sync.Ack, Sync.SnapshotNeeded, Sync.NotLeader, Sync.Search,
        Sync.Results, Sync.Lookup, Sync.Located, Sync.Ambiguous, Sync.NotFound, Sync.LocalSearch, Sync.LocalLookup,
        Transfer.MetaRequest, Transfer.FileMeta, Transfer.FolderMeta, Transfer.ChunkRequest, Transfer.ChunkData,
        Transfer.Refusal, Transfer.BatchRequest, Transfer.BatchData {
    /** Upper bound for any peer frame (a metadata reply for a very large file is the biggest). */
    int MAX_FRAME = 16 * 1024 * 1024;
    /**
     * Upper bound for a request frame (what a peer socket reads): a peer splits what it sends the leader (snapshot
     * parts, deltas) to stay under it, so that a connection announcing a frame costs its receiver little.
     */
    int MAX_REQUEST = 256 * 1024;

    /**
     * For a request: the key of the last reply this connection received, which tells the server that every reply
     * it sent on the connection up to that one has left it ({@link Transfer.ChunkRequest}); null for none.
     */
    default String acknowledged() {
        return null;
    }

    /** The request was not served; {@code reason} is one sentence, {@code retry} whether asking later may work. */
    record Refused(String reason, boolean retry) implements PeerMessage {
        public Refused {
            Sync.requireReason(reason);
        }
    }

    /** Liveness check of the peer socket; answered with {@link Pong} carrying the same token. */
    record Ping(long token) implements PeerMessage {
    }

    record Pong(long token) implements PeerMessage {
    }
}
