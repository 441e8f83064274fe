package io.iwant.daemon.transfer.fetch;

import io.iwant.daemon.transfer.seed.Seeder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.ZContext;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Seeders and a leecher over real sockets on 127.0.0.1 for one test, all closed after it (last made, first closed),
 * then the ZeroMQ context they share.
 */
abstract class LoopbackPeers {
    @TempDir
    Path tmp;
    final ZContext context = newContext();
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closePeers() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        context.close();
    }

    /** The context every peer of the test shares: an open network unless a subclass says otherwise. */
    ZContext newContext() {
        return new ZContext();
    }

    /** Closes {@code peer} after the test. */
    <T extends AutoCloseable> T keep(T peer) {
        open.add(peer);
        return peer;
    }

    Seeder seeder(String id) {
        return keep(new Seeder(context, id));
    }

    /** A seeder that serves one request at a time, in the order they came: what was asked first is served first. */
    Seeder inOrderSeeder(String id) {
        return keep(new Seeder(context, id, 1));
    }

    /** Makes every one of {@code seeders} serve {@code file}; returns its hash. */
    static String serve(Path file, Seeder... seeders) throws IOException {
        String hash = null;
        for (Seeder s : seeders) {
            hash = s.content.addFile(file);
        }
        return hash;
    }

    /** A copy of {@code original} at {@code copy} with three bytes of each of its 1 MiB chunks changed. */
    static Path corruptedCopy(Path original, Path copy) throws IOException {
        Files.createDirectories(copy.getParent());
        Files.copy(original, copy);
        try (FileChannel channel = FileChannel.open(copy, StandardOpenOption.WRITE)) {
            for (long at = 1000; at < Files.size(copy); at += 1 << 20) {
                channel.write(ByteBuffer.wrap(new byte[] {42, 42, 42}), at);
            }
        }
        return copy;
    }

    Leecher leecher() throws IOException {
        return keep(new Leecher(context, tmp.resolve("leecher"), Leecher.quick()));
    }
}
