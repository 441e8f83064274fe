package io.iwant.daemon.index;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The index on virtual time: what waits on its clock (settling, the memory of removed files) waits for the test. */
class LocalIndexClockTest {
    private static final Duration WITHIN = Duration.ofSeconds(10);

    @TempDir
    Path base;
    IndexFixture fx;
    LocalIndex index;

    @BeforeEach
    void setUp() throws Exception {
        fx = new IndexFixture(base);
        fx.write("keep.txt", "kept");
        fx.write("song.flac", "a song");
        index = fx.startOnVirtualTime();
    }

    @AfterEach
    void tearDown() {
        fx.close();
    }

    @Test
    void a_file_moved_back_after_the_memory_of_removed_files_expired_is_read_again() throws Exception {
        long read = index.filesRead();
        Path away = base.resolve("song.flac");
        Files.move(fx.share.resolve("song.flac"), away);
        fx.awaitIndexSettling(WITHIN, "song.flac gone", e -> !e.containsKey("song.flac"));

        fx.virtualNanos.addAndGet(TimeUnit.SECONDS.toNanos(31));
        Files.move(away, fx.share.resolve("back.flac"));
        fx.awaitIndexSettling(WITHIN, "back.flac", e -> e.containsKey("back.flac"));

        assertEquals(read + 1, index.filesRead(), "a removal 31 s ago is no rename: the file is read again");
        assertEquals(IndexFixture.fileHash(fx.share.resolve("back.flac")), fx.entries().get("back.flac").hash());
    }
}
