package io.iwant.daemon.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DbTest {
    @TempDir
    Path tmp;

    @Test
    void every_family_shares_one_small_block_cache() throws Exception {
        try (Db db = Db.open(tmp.resolve("db"))) {
            for (String family : Db.FAMILIES) {
                assertEquals(Db.CACHE_BYTES,
                        db.rocks().getLongProperty(db.family(family), "rocksdb.block-cache-capacity"), family);
            }
        }
    }

    @Test
    void write_buffers_are_capped_per_family_and_in_all() throws Exception {
        Path dir = tmp.resolve("db");
        try (Db db = Db.open(dir)) {
            db.putMeta("peer", "x");
        }
        String options;
        try (Stream<Path> files = Files.list(dir)) {
            Path latest = files.filter(f -> f.getFileName().toString().startsWith("OPTIONS-")).sorted()
                    .reduce((a, b) -> b).orElseThrow();
            options = Files.readString(latest, StandardCharsets.UTF_8);
        }
        assertTrue(options.contains("db_write_buffer_size=" + Db.WRITE_BUFFER_BYTES), options);
        List<String> families = options.lines().filter(l -> l.strip().startsWith("write_buffer_size=")).toList();
        assertEquals(Db.FAMILIES.size() + 1, families.size(), options); // the default family too
        families.forEach(l -> assertEquals("write_buffer_size=" + Db.FAMILY_WRITE_BUFFER_BYTES, l.strip()));
    }
}
