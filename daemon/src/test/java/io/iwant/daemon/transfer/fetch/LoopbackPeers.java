package io.iwant.daemon.transfer.fetch;

import io.iwant.daemon.transfer.seed.Seeder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.ZContext;

import java.io.IOException;
import java.nio.file.Path;
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

    Leecher leecher() throws IOException {
        return keep(new Leecher(context, tmp.resolve("leecher"), Leecher.quick()));
    }
}
