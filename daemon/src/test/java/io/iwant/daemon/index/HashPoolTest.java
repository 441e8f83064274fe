package io.iwant.daemon.index;

import io.iwant.protocol.hash.ContentHash;
import io.iwant.protocol.hash.FileHasher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

class HashPoolTest {
    @TempDir
    Path dir;
    Share share;
    final LinkedBlockingQueue<HashResult> results = new LinkedBlockingQueue<>();
    final RecentlyRemoved renames = new RecentlyRemoved(100, 1 << 20, TimeUnit.SECONDS.toNanos(30), System::nanoTime);
    HashPool pool;

    @BeforeEach
    void setUp() throws Exception {
        share = Share.of(Files.createDirectories(dir.resolve("share")), dir.resolve("downloads"));
        pool = new HashPool(2, results::add, renames);
    }

    @AfterEach
    void tearDown() {
        pool.close();
    }

    @Test
    void a_batch_is_hashed_and_its_progress_settles_to_zero_pending() throws Exception {
        List<HashPool.Item> items = new ArrayList<>();
        long total = 0;
        for (int size : new int[] {0, 5, 2 * 1024 * 1024 + 3}) {
            Path file = Files.write(share.root().resolve("f" + size), new byte[size]);
            items.add(item(file));
            total += size;
        }
        pool.submit(new HashPool.Job(1, share, items, true, null));

        for (int i = 0; i < items.size(); i++) {
            HashResult.Hashed hashed = assertInstanceOf(HashResult.Hashed.class, next());
            assertEquals(new FileHasher().hash(share.resolve(hashed.path())).hash(), hashed.hex());
            assertEquals(1, hashed.generation());
        }
        awaitIdle();
        assertEquals(0, pool.pendingBytes());
        assertEquals(total, pool.hashedBytes());
        assertEquals(3, pool.filesRead());
    }

    @Test
    void a_file_that_changed_since_it_was_looked_at_is_reported_changed() throws Exception {
        Path file = Files.writeString(share.root().resolve("moving.txt"), "first");
        HashPool.Item seen = item(file);
        Files.writeString(file, "second, longer");
        pool.submit(new HashPool.Job(1, share, List.of(seen), false, null));
        assertInstanceOf(HashResult.Changed.class, next());
    }

    @Test
    void a_vanished_file_is_reported_gone() throws Exception {
        pool.submit(new HashPool.Job(1, share, List.of(new HashPool.Item("nothing.txt", 3, 0, null)), false, null));
        assertInstanceOf(HashResult.Gone.class, next());
    }

    @Test
    void a_renamed_file_takes_its_hash_from_the_removed_one_without_reading() throws Exception {
        Path file = Files.writeString(share.root().resolve("old.txt"), "same bytes");
        HashPool.Item before = item(file);
        pool.submit(new HashPool.Job(1, share, List.of(before), false, null));
        HashResult.Hashed original = assertInstanceOf(HashResult.Hashed.class, next());
        renames.put(before.size(), before.mtimeNanos(), before.fileKey(), original.record());
        Path moved = Files.move(file, share.root().resolve("new.txt"));
        awaitIdle();
        long read = pool.filesRead();

        pool.submit(new HashPool.Job(1, share, List.of(item(moved)), false, null));

        HashResult.Hashed renamed = assertInstanceOf(HashResult.Hashed.class, next());
        assertEquals("new.txt", renamed.path());
        assertEquals(original.hex(), renamed.hex());
        assertEquals(read, pool.filesRead(), "the renamed file was not read");
    }

    @Test
    void a_large_file_hashed_in_parts_on_both_threads_has_the_same_hash_and_settles_its_job_once() throws Exception {
        long size = (long) (2 * HashPool.PART_CHUNKS + 3) * ContentHash.CHUNK_SIZE + 12_345;
        Path file = share.root().resolve("large.bin");
        byte[] block = new byte[ContentHash.CHUNK_SIZE];
        try (var out = Files.newOutputStream(file)) {
            for (long written = 0; written < size; written += block.length) {
                new SplittableRandom(written).nextBytes(block); // every chunk different, so order matters
                out.write(block, 0, (int) Math.min(block.length, size - written));
            }
        }
        AtomicInteger done = new AtomicInteger();
        pool.submit(new HashPool.Job(1, share, List.of(item(file)), true, done::incrementAndGet));

        HashResult.Hashed hashed = assertInstanceOf(HashResult.Hashed.class, next());
        assertEquals(new FileHasher().hash(file).hash(), hashed.hex());
        assertEquals(size, hashed.size());
        awaitIdle();
        assertEquals(1, done.get(), "the job's completion ran once");
        assertEquals(0, pool.pendingBytes());
        assertEquals(size, pool.hashedBytes());
        assertEquals(1, pool.filesRead());
        assertNull(results.poll(), "one result for one file");
    }

    @Test
    void a_large_file_that_shrank_since_it_was_looked_at_is_reported_changed() throws Exception {
        Path file = Files.write(share.root().resolve("shrinking.bin"),
                new byte[(HashPool.PART_CHUNKS + 1) * ContentHash.CHUNK_SIZE]);
        HashPool.Item seen = item(file);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(ContentHash.CHUNK_SIZE);
        }
        pool.submit(new HashPool.Job(1, share, List.of(seen), false, null));
        assertInstanceOf(HashResult.Changed.class, next());
        awaitIdle();
        assertEquals(0, pool.pendingBytes());
    }

    private HashPool.Item item(Path file) throws Exception {
        BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
        return new HashPool.Item(share.relative(file), attrs.size(), Share.mtimeNanos(attrs), attrs.fileKey());
    }

    private HashResult next() throws InterruptedException {
        HashResult result = results.poll(10, TimeUnit.SECONDS);
        assertNotNull(result, "no hash result within 10 s");
        return result;
    }

    private void awaitIdle() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (pool.active() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(0, pool.active());
    }
}
