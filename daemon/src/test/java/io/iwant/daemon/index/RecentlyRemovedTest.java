package io.iwant.daemon.index;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The memory of removed files, on virtual time. */
class RecentlyRemovedTest {
    private static final long TTL = TimeUnit.SECONDS.toNanos(30);
    private final AtomicLong now = new AtomicLong(5_000);
    private final RecentlyRemoved removed = new RecentlyRemoved(3, 10, TTL, now::get);
    private final Object key = "inode 7";

    @Test
    void a_removed_file_is_found_once_by_size_mtime_and_key_within_its_time() {
        removed.put(4, 100, key, new byte[] {1, 2});
        now.addAndGet(TTL - 1);
        assertNull(removed.take(4, 101, key), "another mtime is another file");
        assertArrayEquals(new byte[] {1, 2}, removed.take(4, 100, key));
        assertNull(removed.take(4, 100, key), "taken once");
    }

    @Test
    void a_removed_file_is_forgotten_once_its_time_is_up() {
        removed.put(4, 100, key, new byte[] {1, 2});
        now.addAndGet(TTL);
        assertNull(removed.take(4, 100, key));
    }

    @Test
    void the_oldest_are_forgotten_beyond_the_entry_and_byte_bounds() {
        removed.put(1, 1, "a", new byte[4]);
        removed.put(2, 2, "b", new byte[4]);
        removed.put(3, 3, "c", new byte[4]);
        assertNull(removed.take(1, 1, "a"), "12 bytes is over the bound of 10");
        removed.put(4, 4, "d", new byte[1]);
        removed.put(5, 5, "e", new byte[1]);
        assertNull(removed.take(2, 2, "b"), "four entries is over the bound of 3");
        assertArrayEquals(new byte[4], removed.take(3, 3, "c"));
    }
}
