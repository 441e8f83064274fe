package io.iwant.daemon.network;

import io.iwant.daemon.index.LocalFile;
import io.iwant.daemon.index.LocalIndex;
import io.iwant.daemon.transfer.seed.ContentSource;
import io.iwant.daemon.transfer.fetch.LocalCopies;
import io.iwant.daemon.transfer.seed.ServedFile;
import io.iwant.protocol.hash.FolderManifest;

import java.nio.file.Path;
import java.util.Optional;

/** The local index as the transfer engine sees it: what this peer serves, and what it can copy instead of fetch. */
public record IndexContent(LocalIndex index) implements ContentSource, LocalCopies {
    @Override
    public Optional<ServedFile> file(String hash) {
        return index.fileByHash(hash).map(this::served);
    }

    private ServedFile served(LocalFile f) {
        // asked on every chunk request: hand over the chunk ids without copying them
        return new ServedFile(f.path(), f.size(), f.mtimeNanos(), f.chunkSize(), f.chunkIdBytes(),
                () -> index.verify(f));
    }

    @Override
    public Optional<FolderManifest> folder(String hash) {
        return index.folderByHash(hash);
    }

    @Override
    public Optional<Path> find(String hash) {
        return index.fileByHash(hash).map(LocalFile::path);
    }
}
