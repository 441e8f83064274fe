package io.iwant.protocol.peer;

/**
 * Everything peers say to each other over ZeroMQ (DEALER to ROUTER): requests, and the replies that travel back.
 * A message is one Kryo frame; chunk bytes, where a message carries them, follow as a second frame of their own.
 */
public sealed interface PeerMessage permits PeerMessage.Refused, PeerMessage.Ping, PeerMessage.Pong,
        PeerMessage.ConnectBack, PeerMessage.ConnectedBack,
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
     * The version of what peers say to each other (these messages and the discovery datagrams), raised whenever a
     * message changes in a way an older peer cannot read. It is a number, never a date: peers compare it without
     * trusting each other's clocks.
     */
    int PROTOCOL = 1;
    /** The longest software version a peer may name ("0.1.0-SNAPSHOT"). */
    int MAX_VERSION = 64;

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

    /**
     * Asks a member to open a connection to the asker's peer socket and say whether it got through ({@code iwanto
     * doctor}). It names nothing to connect to but the asker's own peer id: the member connects only to where its
     * discovery already knows that peer, at the address this request comes from and the peer port that peer
     * advertises, so the request can aim it at no one else.
     */
    record ConnectBack(String peerId) implements PeerMessage {
        public ConnectBack {
            io.iwant.protocol.discovery.PeerStamp.checkPeerId(peerId, "peer id");
        }
    }

    /**
     * The answer to {@link ConnectBack}: whether the asker's peer socket answered, {@code reason} (one sentence,
     * empty when it did), and the answering peer's {@link #PROTOCOL} and software version.
     */
    record ConnectedBack(boolean reached, String reason, int protocol, String version) implements PeerMessage {
        public ConnectedBack {
            if (reason == null || reason.length() > io.iwant.protocol.wire.Limits.MAX_REASON) {
                throw new IllegalArgumentException("a reason has at most " + io.iwant.protocol.wire.Limits.MAX_REASON
                        + " characters");
            }
            if (protocol < 1) {
                throw new IllegalArgumentException("a protocol version is positive");
            }
            if (version == null || version.isEmpty() || version.length() > MAX_VERSION
                    || !version.chars().allMatch(c -> c > ' ' && c <= '~')) {
                throw new IllegalArgumentException("a version has 1 to " + MAX_VERSION
                        + " printable ASCII characters without spaces");
            }
        }
    }
}
