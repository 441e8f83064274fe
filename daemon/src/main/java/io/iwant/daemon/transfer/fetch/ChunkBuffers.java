package io.iwant.daemon.transfer.fetch;

import io.iwant.protocol.hash.ContentHash;
import zmq.Msg;
import zmq.msg.MsgAllocator;

import java.lang.ref.SoftReference;
import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Direct buffers for received chunks, reused: the transfer sockets allocate every large frame here (ZeroMQ then
 * reads the socket straight into it), the verifier hashes and writes from it and gives it back. That saves two
 * copies per chunk and keeps megabyte arrays away from the garbage collector. At most {@code max} buffers are kept;
 * when none is free a new one is made, and extras given back are dropped. Kept buffers are held softly, so that an
 * idle pool is cleared by the collector and its megabytes go back to the system. Thread-safe: ZeroMQ's I/O thread
 * takes, verifier threads give back.
 */
final class ChunkBuffers implements MsgAllocator {
    /** Frames smaller than this are ordinary heap messages. */
    static final int MIN_POOLED = 64 * 1024;

    private final int bufferSize;
    private final int max;
    private final ConcurrentLinkedQueue<SoftReference<ByteBuffer>> free = new ConcurrentLinkedQueue<>();
    private final AtomicInteger kept = new AtomicInteger();

    ChunkBuffers(int max) {
        this(ContentHash.CHUNK_SIZE, max);
    }

    ChunkBuffers(int bufferSize, int max) {
        this.bufferSize = bufferSize;
        this.max = max;
    }

    @Override
    public Msg allocate(int size) {
        if (size < MIN_POOLED || size > bufferSize) {
            return new Msg(size);
        }
        ByteBuffer buffer = null;
        for (SoftReference<ByteBuffer> held; buffer == null && (held = free.poll()) != null; ) {
            kept.decrementAndGet();
            buffer = held.get();
        }
        if (buffer == null) {
            buffer = ByteBuffer.allocateDirect(bufferSize);
        }
        buffer.clear().limit(size);
        return new Msg(buffer);
    }

    /** Takes back a buffer (or a view of one) that came from {@link #allocate}; others are ignored. */
    void give(ByteBuffer buffer) {
        if (buffer != null && buffer.isDirect() && buffer.capacity() == bufferSize
                && kept.incrementAndGet() <= max) {
            free.add(new SoftReference<>(buffer.clear()));
        } else if (buffer != null && buffer.isDirect() && buffer.capacity() == bufferSize) {
            kept.decrementAndGet();
        }
    }
}
