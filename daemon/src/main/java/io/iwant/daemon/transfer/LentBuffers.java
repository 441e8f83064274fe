package io.iwant.daemon.transfer;

import io.iwant.daemon.peer.PeerServer;

import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Direct buffers that chunks are served from. A positional read into a direct buffer goes straight from the page
 * cache into it, and ZeroMQ writes it to the socket as it is; a heap buffer costs a zeroed megabyte per chunk and
 * two more copies (the JDK copies heap buffers through a direct one both ways), which on two cores took about a
 * sixth of the CPU time of a loopback transfer. Each buffer is lent with its reply and comes back when the client
 * acknowledges it ({@link PeerServer.Lease}). At most {@code max} exist at once; past that, or for a chunk too
 * small to be worth it, {@link #take} gives an ordinary heap buffer, which needs no lease. Thread-safe.
 */
final class LentBuffers {
    /** Chunks smaller than this are served from heap buffers. */
    static final int MIN_DIRECT = 64 * 1024;

    private final int bufferSize;
    private final int max;
    private final ConcurrentLinkedQueue<ByteBuffer> free = new ConcurrentLinkedQueue<>();
    /** Buffers made and not abandoned: free, being filled or lent. */
    private final AtomicInteger live = new AtomicInteger();

    LentBuffers(int bufferSize, int max) {
        this.bufferSize = bufferSize;
        this.max = max;
    }

    /** A buffer with exactly {@code length} bytes remaining: direct and pooled when one is to be had. */
    ByteBuffer take(int length) {
        if (length < MIN_DIRECT || length > bufferSize) {
            return ByteBuffer.allocate(length);
        }
        ByteBuffer buffer = free.poll();
        if (buffer == null) {
            if (live.incrementAndGet() > max) {
                live.decrementAndGet();
                return ByteBuffer.allocate(length);
            }
            buffer = ByteBuffer.allocateDirect(bufferSize);
        }
        return buffer.clear().limit(length);
    }

    /** Gives back a buffer from {@link #take} that was not lent (a read failed); heap buffers are ignored. */
    void give(ByteBuffer buffer) {
        if (pooled(buffer)) {
            free.add(buffer);
        }
    }

    /** The lease for sending {@code buffer} as chunk {@code key}, or null if it is a heap buffer. */
    PeerServer.Lease lease(ByteBuffer buffer, String key) {
        if (!pooled(buffer)) {
            return null;
        }
        return PeerServer.Lease.of(key, () -> free.add(buffer), live::decrementAndGet);
    }

    /** Buffers that exist now (free, in use or lent); for tests. */
    int live() {
        return live.get();
    }

    /** Buffers waiting in the pool; for tests. */
    int free() {
        return free.size();
    }

    private boolean pooled(ByteBuffer buffer) {
        return buffer.isDirect() && buffer.capacity() == bufferSize;
    }
}
