package io.iwant.daemon.transfer.seed;

import io.iwant.protocol.hash.FolderManifest;

import java.util.Optional;

/**
 * What this peer may serve: files and folders indexed inside its current share, by content hash. The chunk server
 * asks it on every request (a chunk request too), so answers must be cheap (an index lookup, no hashing), and
 * must reflect the current share: a file no longer indexed there must not be returned. Called from the peer
 * server's worker threads, concurrently.
 */
public interface ContentSource {
    /** An indexed file with this content hash, or empty. */
    Optional<ServedFile> file(String hash);

    /** The manifest of an indexed folder with this content hash, or empty. */
    Optional<FolderManifest> folder(String hash);
}
