package io.iwant.protocol.peer;

import io.iwant.protocol.hash.ContentHash;
import io.iwant.protocol.hash.FolderManifest;
import io.iwant.protocol.hash.Hex;

import java.util.HashSet;
import java.util.List;

/**
 * The transfer conversation between a downloader (DEALER) and a seeder (ROUTER), all checked in their constructors
 * so that a decoded message is always self-consistent:
 * <pre>
 * MetaRequest(hash)          -> FileMeta(hash, size, chunkSize, chunkIds) | FolderMeta(hash, manifest) | Refusal
 * ChunkRequest(hash, index, ackHash, ackIndex)
 *                            -> ChunkData(hash, index, length) + one frame of exactly length bytes | Refusal
 * BatchRequest(id, hashes)   -> BatchData(id, pieces) + one frame of the pieces' bytes, concatenated in order
 *                               (no frame when no piece is served)
 * </pre>
 * A batch asks for several small files whole (each one chunk, so each file's bytes hash to its content hash) in one
 * round trip and one frame: a folder of many small files travels as few requests and few frames. The seeder
 * answers with the files it serves, in the order asked, and leaves out those it does not (not shared, changed).
 * A {@link FileMeta}'s chunk ids hash up to its {@code hash} (the Merkle root is recomputed on construction), and a
 * {@link FolderMeta}'s manifest hashes to its {@code hash}, so a downloader only has to check that the hash it got
 * is the one it asked for. Chunk bytes never travel inside Kryo: they are the second frame of a chunk reply.
 */
public final class Transfer {
    /** The largest chunk size a seeder may announce (the network uses {@link ContentHash#CHUNK_SIZE}). */
    public static final int MAX_CHUNK_SIZE = 8 * 1024 * 1024;
    /** Longest refusal detail, in characters. */
    public static final int MAX_DETAIL = 300;

    private Transfer() {
    }

    /** Asks for what a hash is: a file's size and chunk ids, or a folder's manifest. */
    public record MetaRequest(String hash) implements PeerMessage {
        public MetaRequest {
            checkHash(hash);
        }
    }

    /**
     * A file: its size, the chunk size it was cut with and its chunk ids concatenated in order (32 bytes each).
     * The array is not copied; treat it as read-only.
     */
    public record FileMeta(String hash, long size, int chunkSize, byte[] chunkIds) implements PeerMessage {
        public FileMeta {
            checkHash(hash);
            if (size < 0) {
                throw new IllegalArgumentException("negative file size " + size);
            }
            if (chunkSize <= 0 || chunkSize > MAX_CHUNK_SIZE) {
                throw new IllegalArgumentException("chunk size " + chunkSize + " is out of range");
            }
            long chunks = ContentHash.chunkCount(size, chunkSize);
            if (chunkIds == null || chunkIds.length != chunks * ContentHash.HASH_BYTES) {
                throw new IllegalArgumentException("a file of " + size + " bytes in chunks of " + chunkSize
                        + " has " + chunks + " chunk ids");
            }
            if (!Hex.encode(ContentHash.merkleRoot(chunkIds)).equals(hash)) {
                throw new IllegalArgumentException("the chunk ids do not hash to the file's hash");
            }
        }

        public int chunkCount() {
            return chunkIds.length / ContentHash.HASH_BYTES;
        }
    }

    /** A folder: its manifest (direct children), which hashes to {@code hash}. */
    public record FolderMeta(String hash, FolderManifest manifest) implements PeerMessage {
        public FolderMeta {
            checkHash(hash);
            if (manifest == null || !manifest.hash().equals(hash)) {
                throw new IllegalArgumentException("the manifest does not hash to the folder's hash");
            }
        }
    }

    /**
     * Asks for chunk {@code index} of the file {@code hash}, and says which chunk reply this connection received
     * last ({@code ackHash} and {@code ackIndex}; empty and -1 before the first). Replies on one connection arrive
     * in the order they were sent, so the seeder knows that every reply it sent before that one has left it too and
     * may reuse the buffers they were sent from.
     */
    public record ChunkRequest(String hash, int index, String ackHash, int ackIndex) implements PeerMessage {
        public ChunkRequest {
            checkHash(hash);
            checkIndex(index);
            if (ackHash == null || ackHash.isEmpty()) {
                if (ackIndex != -1) {
                    throw new IllegalArgumentException("an acknowledged chunk index needs its hash");
                }
                ackHash = "";
            } else {
                checkHash(ackHash);
                checkIndex(ackIndex);
            }
        }

        /** A request that acknowledges nothing. */
        public ChunkRequest(String hash, int index) {
            this(hash, index, "", -1);
        }

        /** The {@link #chunkKey} of the reply this request acknowledges, or null for none. */
        public String acknowledged() {
            return ackHash.isEmpty() ? null : chunkKey(ackHash, ackIndex);
        }
    }

    /** Names one chunk of one file, as {@link ChunkRequest#acknowledged()} does. */
    public static String chunkKey(String hash, int index) {
        return hash + '/' + index;
    }

    /** Chunk {@code index} of file {@code hash}; its {@code length} bytes follow as a frame of their own. */
    public record ChunkData(String hash, int index, int length) implements PeerMessage {
        public ChunkData {
            checkHash(hash);
            checkIndex(index);
            if (length < 0 || length > MAX_CHUNK_SIZE) {
                throw new IllegalArgumentException("chunk length " + length + " is out of range");
            }
        }
    }

    /** Most files one {@link BatchRequest} asks for. */
    public static final int MAX_BATCH_FILES = 512;
    /** Most bytes of file content one {@link BatchData} carries: one chunk's worth, so a chunk buffer holds it. */
    public static final int MAX_BATCH_BYTES = ContentHash.CHUNK_SIZE;

    /**
     * Asks for the files {@code hashes} whole, each of at most one chunk, in one reply. {@code id} is the
     * downloader's own number for the batch, echoed in the reply (it tells replies apart, even an empty one).
     */
    public record BatchRequest(int id, List<String> hashes) implements PeerMessage {
        public BatchRequest {
            if (hashes == null || hashes.isEmpty() || hashes.size() > MAX_BATCH_FILES) {
                throw new IllegalArgumentException("a batch asks for 1 to " + MAX_BATCH_FILES + " files");
            }
            hashes = List.copyOf(hashes);
            if (new HashSet<>(hashes).size() != hashes.size()) {
                throw new IllegalArgumentException("a batch asks for a file twice");
            }
            hashes.forEach(Transfer::checkHash);
        }
    }

    /** One file of a {@link BatchData}: its content hash and how many of the frame's bytes are its content. */
    public record Piece(String hash, int length) {
        public Piece {
            checkHash(hash);
            if (length < 0 || length > MAX_BATCH_BYTES) {
                throw new IllegalArgumentException("piece length " + length + " is out of range");
            }
        }
    }

    /**
     * The answer to batch {@code id}: the files served, in the order they were asked; their bytes follow as one frame
     * of exactly {@link #bytes()} bytes (none when that is 0).
     */
    public record BatchData(int id, List<Piece> pieces) implements PeerMessage {
        public BatchData {
            if (pieces == null || pieces.size() > MAX_BATCH_FILES) {
                throw new IllegalArgumentException("a batch carries at most " + MAX_BATCH_FILES + " files");
            }
            pieces = List.copyOf(pieces);
            long total = 0;
            for (Piece piece : pieces) {
                total += piece.length();
            }
            if (total > MAX_BATCH_BYTES) {
                throw new IllegalArgumentException("a batch carries at most " + MAX_BATCH_BYTES + " bytes");
            }
        }

        /** The length of the frame that follows: the sum of the pieces' lengths. */
        public int bytes() {
            int total = 0;
            for (Piece piece : pieces) {
                total += piece.length();
            }
            return total;
        }
    }

    /** Why a seeder did not serve a request. */
    public enum Reason {
        /** The seeder has nothing shared with this hash (any more). */
        NOT_SHARED,
        /** The file changed on disk since it was indexed; it will be indexed again. */
        CHANGED,
        /** Too much work queued; ask again later or elsewhere. */
        BUSY,
        /** The request made no sense for this content (e.g. a chunk index past the end). */
        BAD_REQUEST,
        /** The seeder could not read the file. */
        UNREADABLE
    }

    /** A request for {@code hash} was not served; {@code index} is the chunk, or -1 for a metadata request. */
    public record Refusal(String hash, int index, Reason reason, String detail) implements PeerMessage {
        public Refusal {
            checkHash(hash);
            if (index < -1) {
                throw new IllegalArgumentException("bad chunk index " + index);
            }
            if (reason == null || detail == null || detail.length() > MAX_DETAIL) {
                throw new IllegalArgumentException("a refusal needs a reason and a short detail");
            }
        }
    }

    private static void checkHash(String hash) {
        if (!Hex.isHash(hash)) {
            throw new IllegalArgumentException("not a content hash (64 lowercase hex digits)");
        }
    }

    private static void checkIndex(int index) {
        if (index < 0) {
            throw new IllegalArgumentException("negative chunk index " + index);
        }
    }
}
