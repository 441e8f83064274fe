package io.iwant.daemon.transfer.seed;

import io.iwant.daemon.peer.PeerServer;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.SoftReference;
import java.lang.ref.WeakReference;
import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Direct buffers that chunks are served from. A positional read into a direct buffer goes straight from the page
 * cache into it, and ZeroMQ writes it to the socket as it is; a heap buffer costs a zeroed megabyte per chunk and
 * two more copies (the JDK copies heap buffers through a direct one both ways), which on two cores took about a
 * sixth of the CPU time of a loopback transfer. Each buffer is lent with its reply and comes back when the client
 * acknowledges it ({@link PeerServer.Lease}), or is abandoned to the garbage collector if it never is. At most
 * {@code max} exist at once, abandoned ones included until they are collected; past that, or for a chunk too small
 * to be worth it, {@link #take} gives an ordinary heap buffer, which needs no lease. Buffers waiting in the pool are
 * held softly: a pool left idle is cleared by the collector (the daemon's periodic collection, once it has been idle
 * for longer than its free heap in megabytes times a second), so that a seeder returns its megabytes after serving
 * instead of keeping them for good. Thread-safe.
 */
final class LentBuffers {
    /** Chunks smaller than this are served from heap buffers. */
    static final int MIN_DIRECT = 64 * 1024;
    /** Least time between two collections asked for abandoned buffers. */
    static final long COLLECT_EVERY_NANOS = 5_000_000_000L;

    private final int bufferSize;
    private final int max;
    private final ConcurrentLinkedQueue<SoftReference<ByteBuffer>> free = new ConcurrentLinkedQueue<>();
    /** Buffers made and not yet collected: free, being filled, lent, or abandoned but still reachable. */
    private final AtomicInteger live = new AtomicInteger();
    /** Abandoned buffers, watched until the garbage collector has them (the references must stay reachable). */
    private final Set<Reference<ByteBuffer>> abandoned = ConcurrentHashMap.newKeySet();
    private final ReferenceQueue<ByteBuffer> collected = new ReferenceQueue<>();
    private final AtomicLong lastCollect = new AtomicLong(System.nanoTime() - COLLECT_EVERY_NANOS);

    LentBuffers(int bufferSize, int max) {
        this.bufferSize = bufferSize;
        this.max = max;
    }

    /** A buffer with exactly {@code length} bytes remaining: direct and pooled when one is to be had. */
    ByteBuffer take(int length) {
        if (length < MIN_DIRECT || length > bufferSize) {
            return ByteBuffer.allocate(length);
        }
        ByteBuffer buffer = pooled();
        if (buffer == null) {
            reap();
            if (live.get() >= max && !abandoned.isEmpty()) {
                collectAbandoned();
            }
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
            free.add(new SoftReference<>(buffer));
        }
    }

    /** The lease for sending {@code buffer} as chunk {@code key}, or null if it is a heap buffer. */
    PeerServer.Lease lease(ByteBuffer buffer, String key) {
        if (!pooled(buffer)) {
            return null;
        }
        return PeerServer.Lease.of(key, () -> free.add(new SoftReference<>(buffer)),
                () -> abandoned.add(new WeakReference<>(buffer, collected)));
    }

    /**
     * Every buffer is taken and some only wait for the garbage collector (each finished download leaves its last
     * few unacknowledged): ask for a collection, as the JDK does itself when direct memory runs out, at most once
     * every {@value #COLLECT_EVERY_NANOS} ns.
     */
    private void collectAbandoned() {
        long now = System.nanoTime();
        long last = lastCollect.get();
        if (now - last >= COLLECT_EVERY_NANOS && lastCollect.compareAndSet(last, now)) {
            System.gc();
            reap();
        }
    }

    /**
     * Counts abandoned buffers the garbage collector has taken. Until then they still hold direct memory, so they
     * still count against {@code max}: a daemon that serves many downloads and seldom collects cannot pile up
     * abandoned megabytes; past {@code max} it serves from the heap, whose garbage soon brings a collection.
     */
    private void reap() {
        Reference<? extends ByteBuffer> gone;
        while ((gone = collected.poll()) != null) {
            if (abandoned.remove(gone)) {
                live.decrementAndGet();
            }
        }
    }

    /** Buffers that exist now (free, in use, lent, or abandoned and not yet collected); for tests. */
    int live() {
        reap();
        return live.get();
    }

    /** Buffers waiting in the pool; for tests. */
    int free() {
        return free.size();
    }

    /** A buffer from the pool, or null; those the collector cleared meanwhile no longer exist. */
    private ByteBuffer pooled() {
        SoftReference<ByteBuffer> held;
        while ((held = free.poll()) != null) {
            ByteBuffer buffer = held.get();
            if (buffer != null) {
                return buffer;
            }
            live.decrementAndGet();
        }
        return null;
    }

    private boolean pooled(ByteBuffer buffer) {
        return buffer.isDirect() && buffer.capacity() == bufferSize;
    }
}
