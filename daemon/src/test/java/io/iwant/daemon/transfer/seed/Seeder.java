package io.iwant.daemon.transfer.seed;

import io.iwant.daemon.peer.PeerServer;
import io.iwant.daemon.transfer.fetch.SeederDirectory;
import io.iwant.protocol.peer.PeerMessage;
import io.iwant.protocol.peer.Transfer;
import org.zeromq.ZContext;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntConsumer;

/**
 * One seeder for tests: a peer server on 127.0.0.1 with a chunk server over its own content. A tap can make it
 * answer "busy" (to stop a download half-way; a batch takes one turn of the tap), and a hook sees the count after
 * each chunk served (each file of a batch counts as a chunk).
 */
public final class Seeder implements AutoCloseable {
    public final String id;
    public final TestContent content = new TestContent();
    public final PeerServer server;
    final ChunkServer chunks = new ChunkServer(content);
    public final AtomicInteger served = new AtomicInteger();
    /** Batch requests served. */
    public final AtomicInteger batchesServed = new AtomicInteger();
    /** The {@link Transfer#chunkKey} of every chunk served, in the order they were served. */
    public final List<String> servedChunks = new CopyOnWriteArrayList<>();
    private final Semaphore tap = new Semaphore(Integer.MAX_VALUE);
    private volatile IntConsumer afterChunk = n -> { };
    private volatile boolean closed;
    /** False: batches are refused as a peer from before them refuses them. */
    public volatile boolean takesBatches = true;
    public final int port;

    public Seeder(ZContext context, String id) {
        this(context, id, 4);
    }

    /**
     * A seeder with {@code workers} pool threads; with one, {@link #servedChunks} is the order the requests came in
     * (with more, a worker that waits for a core lets the others' chunks go first).
     */
    public Seeder(ZContext context, String id, int workers) {
        this.id = id;
        this.server = new PeerServer(context, "127.0.0.1", 0, workers);
        server.on(Transfer.MetaRequest.class, PeerServer.Lane.POOL,
                (client, request) -> chunks.meta((Transfer.MetaRequest) request));
        server.on(Transfer.ChunkRequest.class, PeerServer.Lane.POOL, (client, request) -> {
            Transfer.ChunkRequest chunk = (Transfer.ChunkRequest) request;
            if (!tap.tryAcquire()) {
                return PeerServer.Reply.of(new Transfer.Refusal(chunk.hash(), chunk.index(), Transfer.Reason.BUSY,
                        "held back by the test"));
            }
            PeerServer.Reply reply = chunks.chunk((Transfer.ChunkRequest) request);
            if (reply.data() != null) {
                servedChunks.add(Transfer.chunkKey(chunk.hash(), chunk.index()));
                afterChunk.accept(served.incrementAndGet());
            }
            return reply;
        });
        BatchServer batches = new BatchServer(content, new LongAdder(), new LongAdder());
        server.on(Transfer.BatchRequest.class, PeerServer.Lane.POOL, (client, request) -> {
            if (!takesBatches) {
                return PeerServer.Reply.of(new PeerMessage.Refused("this peer does not serve BatchRequest", false));
            }
            if (!tap.tryAcquire()) {
                return PeerServer.Reply.of(new PeerMessage.Refused("held back by the test", true));
            }
            PeerServer.Reply reply = batches.batch((Transfer.BatchRequest) request);
            batchesServed.incrementAndGet();
            for (Transfer.Piece piece : ((Transfer.BatchData) reply.message()).pieces()) {
                servedChunks.add(Transfer.chunkKey(piece.hash(), 0));
                afterChunk.accept(served.incrementAndGet());
            }
            return reply;
        });
        this.port = server.start();
    }

    /** The chunks among {@code earlier} (a copy of {@link #servedChunks} taken before) that were served again since. */
    public List<String> servedAgain(List<String> earlier) {
        List<String> all = List.copyOf(servedChunks);
        return all.subList(earlier.size(), all.size()).stream().filter(earlier::contains).toList();
    }

    public SeederDirectory.Seeder endpoint() {
        return new SeederDirectory.Seeder(id, "127.0.0.1:" + port);
    }

    /** Serves at most {@code chunks} more chunk requests until {@link #open()}. */
    public void limit(int chunks) {
        tap.drainPermits();
        tap.release(chunks);
    }

    public void open() {
        tap.drainPermits();
        tap.release(Integer.MAX_VALUE / 2);
    }

    public void afterChunk(IntConsumer hook) {
        this.afterChunk = hook;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            open();
            server.close();
        }
    }
}
