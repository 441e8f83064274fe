package io.iwant.daemon.store;

import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The daemon's one RocksDB ({@code $IWANT_HOME/db}), opened with a fixed set of column families, one per owner:
 * {@code meta} (peer id and small facts), {@code index} and {@code paths} (the local index), {@code transfer}
 * (resume state). Each package uses only its own families.
 *
 * <p>Native memory is capped, since RocksDB's defaults are sized for a server: each family would get its own
 * 64 MiB write buffers (two of them) and its own block cache. Here all families share one {@value #CACHE_BYTES}-byte
 * block cache that also holds the index and filter blocks, and their write buffers together stay under
 * {@value #WRITE_BUFFER_BYTES} bytes (a family flushes early when they reach it). The database holds a few hundred
 * bytes per shared file, read mostly at start and by the chunk server, so a small cache costs nothing measurable.
 */
public final class Db implements AutoCloseable {
    public static final List<String> FAMILIES = List.of("meta", "index", "paths", "transfer");
    /** The block cache all families share, index and filter blocks included. */
    static final long CACHE_BYTES = 8L << 20;
    /** The write buffers (memtables) of all families together. */
    static final long WRITE_BUFFER_BYTES = 16L << 20;
    /** One family's write buffer: a flush every few thousand files while a large share is first indexed. */
    static final long FAMILY_WRITE_BUFFER_BYTES = 4L << 20;

    private final RocksDB rocks;
    private final DBOptions options;
    private final ColumnFamilyOptions familyOptions;
    private final Cache cache;
    private final Map<String, ColumnFamilyHandle> handles = new HashMap<>();
    private final List<ColumnFamilyHandle> allHandles = new ArrayList<>();

    private Db(RocksDB rocks, DBOptions options, ColumnFamilyOptions familyOptions, Cache cache, List<String> names,
               List<ColumnFamilyHandle> list) {
        this.rocks = rocks;
        this.options = options;
        this.familyOptions = familyOptions;
        this.cache = cache;
        this.allHandles.addAll(list);
        for (int i = 0; i < names.size(); i++) {
            handles.put(names.get(i), list.get(i));
        }
    }

    public static Db open(Path dir) throws IOException {
        NativeLibrary.load();
        Files.createDirectories(dir);
        Cache cache = new LRUCache(CACHE_BYTES);
        DBOptions options = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true)
                .setKeepLogFileNum(2).setMaxOpenFiles(256).setDbWriteBufferSize(WRITE_BUFFER_BYTES);
        ColumnFamilyOptions familyOptions = new ColumnFamilyOptions()
                .setWriteBufferSize(FAMILY_WRITE_BUFFER_BYTES).setMaxWriteBufferNumber(2)
                .setTableFormatConfig(new BlockBasedTableConfig().setBlockCache(cache)
                        .setCacheIndexAndFilterBlocks(true));
        List<String> names = new ArrayList<>();
        names.add("default");
        names.addAll(FAMILIES);
        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
        for (String name : names) {
            descriptors.add(new ColumnFamilyDescriptor(name.getBytes(StandardCharsets.UTF_8), familyOptions));
        }
        List<ColumnFamilyHandle> list = new ArrayList<>();
        try {
            RocksDB rocks = RocksDB.open(options, dir.toString(), descriptors, list);
            return new Db(rocks, options, familyOptions, cache, names, list);
        } catch (RocksDBException e) {
            options.close();
            familyOptions.close();
            cache.close();
            throw new IOException("cannot open the database in " + dir + ": " + e.getMessage(), e);
        }
    }

    public RocksDB rocks() {
        return rocks;
    }

    public ColumnFamilyHandle family(String name) {
        ColumnFamilyHandle handle = handles.get(name);
        if (handle == null) {
            throw new IllegalArgumentException("no column family " + name);
        }
        return handle;
    }

    /** Reads a small UTF-8 value from {@code meta}, or null. */
    public String meta(String key) throws IOException {
        try {
            byte[] value = rocks.get(family("meta"), key.getBytes(StandardCharsets.UTF_8));
            return value == null ? null : new String(value, StandardCharsets.UTF_8);
        } catch (RocksDBException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    public void putMeta(String key, String value) throws IOException {
        try {
            rocks.put(family("meta"), key.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8));
        } catch (RocksDBException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        for (ColumnFamilyHandle handle : allHandles) {
            handle.close();
        }
        rocks.close();
        options.close();
        familyOptions.close();
        cache.close();
    }
}
