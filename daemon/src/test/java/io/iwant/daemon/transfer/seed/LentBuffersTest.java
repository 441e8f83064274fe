package io.iwant.daemon.transfer.seed;

import io.iwant.daemon.peer.PeerServer;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LentBuffersTest {
    private static final int SIZE = 256 * 1024;

    @Test
    void a_released_buffer_is_used_again() {
        LentBuffers buffers = new LentBuffers(SIZE, 2);
        ByteBuffer first = buffers.take(SIZE);
        assertTrue(first.isDirect());
        assertEquals(SIZE, first.remaining());
        PeerServer.Lease lease = buffers.lease(first, "k");
        assertEquals("k", lease.key());
        lease.release();
        ByteBuffer again = buffers.take(100_000);
        assertSame(first, again);
        assertEquals(0, again.position());
        assertEquals(100_000, again.remaining(), "sized to the chunk");
    }

    @Test
    void past_the_limit_chunks_come_from_the_heap_and_need_no_lease() {
        LentBuffers buffers = new LentBuffers(SIZE, 2);
        ByteBuffer a = buffers.take(SIZE);
        ByteBuffer b = buffers.take(SIZE);
        ByteBuffer c = buffers.take(SIZE);
        assertTrue(a.isDirect() && b.isDirect());
        assertFalse(c.isDirect());
        assertNull(buffers.lease(c, "c"));
        assertEquals(2, buffers.live());
        buffers.give(b); // a read failed before b was lent
        assertSame(b, buffers.take(SIZE));
    }

    @Test
    void an_abandoned_buffer_counts_against_the_limit_until_it_is_collected() throws InterruptedException {
        LentBuffers buffers = new LentBuffers(SIZE, 1);
        ByteBuffer a = buffers.take(SIZE);
        buffers.lease(a, "a").abandon(); // forgotten, not reused: ZeroMQ may still be sending from it
        assertEquals(1, buffers.live(), "it still holds direct memory");
        assertFalse(buffers.take(SIZE).isDirect(), "no room for another direct buffer yet");
        a = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (buffers.live() > 0 && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(10);
        }
        assertEquals(0, buffers.live(), "collected");
        assertTrue(buffers.take(SIZE).isDirect(), "room again");
    }

    @Test
    void small_chunks_come_from_the_heap() {
        LentBuffers buffers = new LentBuffers(SIZE, 2);
        ByteBuffer small = buffers.take(LentBuffers.MIN_DIRECT - 1);
        assertFalse(small.isDirect());
        assertEquals(LentBuffers.MIN_DIRECT - 1, small.remaining());
        assertEquals(0, buffers.live());
    }
}
