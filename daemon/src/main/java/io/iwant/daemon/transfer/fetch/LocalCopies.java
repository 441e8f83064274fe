package io.iwant.daemon.transfer.fetch;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Files this peer already has (in its share or downloads), so that content present locally is copied rather than
 * fetched. The copy is hashed before it is used, so a stale answer costs time, not correctness. Called from the
 * manager's preparation threads.
 */
public interface LocalCopies {
    /** A local file believed to have this content hash, or empty. */
    Optional<Path> find(String hash);

    /** No local copies at all. */
    LocalCopies NONE = hash -> Optional.empty();
}
