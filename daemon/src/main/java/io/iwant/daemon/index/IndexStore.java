package io.iwant.daemon.index;

import io.iwant.daemon.store.Db;
import io.iwant.protocol.hash.ContentHash;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The local index's part of the database. Column family {@code index}: key = relative path (UTF-8), value = a
 * record (below); three housekeeping keys start with a NUL byte, which no path contains: the version and the share
 * root the entries belong to, and whether the folder records agree with the files. Column family {@code paths}: key = 32-byte hash followed by the relative path,
 * empty value; a prefix scan answers "which paths hold this hash".
 * <pre>
 * file record   = 'F' u64 size  u64 mtimeNanos  32 hash  u32 chunkSize  chunkIds (32 bytes each)
 * folder record = 'D' u64 size  32 hash
 * </pre>
 * Thread-safe (RocksDB is); callers order writes.
 */
final class IndexStore {
    private static final byte[] VERSION_KEY = "\0version".getBytes(StandardCharsets.UTF_8);
    private static final byte[] SHARE_KEY = "\0share".getBytes(StandardCharsets.UTF_8);
    private static final byte[] CONSISTENT_KEY = "\0folders-consistent".getBytes(StandardCharsets.UTF_8);
    private static final byte FILE = 'F';
    private static final byte FOLDER = 'D';
    static final int FILE_HEADER = 1 + 8 + 8 + 32 + 4;
    private static final int MAX_PATHS_PER_HASH = 64;

    private final Db db;
    private final ColumnFamilyHandle index;
    private final ColumnFamilyHandle paths;
    private final WriteOptions writeOptions = new WriteOptions();

    IndexStore(Db db) {
        this.db = db;
        this.index = db.family("index");
        this.paths = db.family("paths");
    }

    /** A decoded record; {@code chunkIds} is null for folders and when not asked for. */
    record Stored(String path, boolean dir, long size, long mtimeNanos, byte[] hash, int chunkSize, byte[] chunkIds) {
    }

    static byte[] fileRecord(long size, long mtimeNanos, byte[] hash, int chunkSize, byte[] chunkIds) {
        ByteBuffer b = ByteBuffer.allocate(FILE_HEADER + chunkIds.length);
        b.put(FILE).putLong(size).putLong(mtimeNanos).put(hash).putInt(chunkSize).put(chunkIds);
        return b.array();
    }

    static byte[] folderRecord(long size, byte[] hash) {
        return ByteBuffer.allocate(1 + 8 + 32).put(FOLDER).putLong(size).put(hash).array();
    }

    static Stored decode(String path, byte[] value, boolean withChunks) {
        ByteBuffer b = ByteBuffer.wrap(value);
        byte kind = b.get();
        long size = b.getLong();
        if (kind == FOLDER) {
            byte[] hash = new byte[ContentHash.HASH_BYTES];
            b.get(hash);
            return new Stored(path, true, size, 0, hash, 0, null);
        }
        if (kind != FILE) {
            throw new IllegalStateException("unknown index record kind " + kind + " for " + path);
        }
        long mtime = b.getLong();
        byte[] hash = new byte[ContentHash.HASH_BYTES];
        b.get(hash);
        int chunkSize = b.getInt();
        byte[] ids = withChunks ? Arrays.copyOfRange(value, FILE_HEADER, value.length) : null;
        return new Stored(path, false, size, mtime, hash, chunkSize, ids);
    }

    /** Every stored record without chunk ids, in key order. */
    List<Stored> loadAll() {
        List<Stored> out = new ArrayList<>();
        try (RocksIterator it = db.rocks().newIterator(index)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                byte[] key = it.key();
                if (key.length > 0 && key[0] == 0) {
                    continue;
                }
                out.add(decode(new String(key, StandardCharsets.UTF_8), it.value(), false));
            }
        }
        return out;
    }

    /** The record of one path with its chunk ids, or null. */
    Stored get(String path) throws IOException {
        try {
            byte[] value = db.rocks().get(index, path.getBytes(StandardCharsets.UTF_8));
            return value == null ? null : decode(path, value, true);
        } catch (RocksDBException e) {
            throw new IOException("cannot read the index: " + e.getMessage(), e);
        }
    }

    /** The raw record of one path, or null. */
    byte[] raw(String path) throws IOException {
        try {
            return db.rocks().get(index, path.getBytes(StandardCharsets.UTF_8));
        } catch (RocksDBException e) {
            throw new IOException("cannot read the index: " + e.getMessage(), e);
        }
    }

    /** Up to 64 paths holding {@code hash}. */
    List<String> pathsOf(byte[] hash) {
        List<String> out = new ArrayList<>();
        try (RocksIterator it = db.rocks().newIterator(paths)) {
            for (it.seek(hash); it.isValid() && out.size() < MAX_PATHS_PER_HASH; it.next()) {
                byte[] key = it.key();
                if (key.length < hash.length || !Arrays.equals(key, 0, hash.length, hash, 0, hash.length)) {
                    break;
                }
                out.add(new String(key, hash.length, key.length - hash.length, StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    /**
     * Up to {@code max} distinct hashes that start with the lowercase hex digits {@code prefix}, in hash order. One
     * seek per hash found, however many paths hold each.
     */
    List<byte[]> hashesWithPrefix(String prefix, int max) {
        int whole = prefix.length() / 2;
        byte[] start = new byte[whole + prefix.length() % 2];
        for (int i = 0; i < prefix.length(); i++) {
            start[i / 2] |= (byte) (Character.digit(prefix.charAt(i), 16) << (i % 2 == 0 ? 4 : 0));
        }
        int lastMask = prefix.length() % 2 == 0 ? 0xFF : 0xF0;
        List<byte[]> out = new ArrayList<>();
        try (RocksIterator it = db.rocks().newIterator(paths)) {
            byte[] seek = start;
            while (seek != null && out.size() < max) {
                it.seek(seek);
                if (!it.isValid()) {
                    break;
                }
                byte[] key = it.key();
                if (key.length < ContentHash.HASH_BYTES || !startsWith(key, start, lastMask)) {
                    break;
                }
                byte[] hash = Arrays.copyOf(key, ContentHash.HASH_BYTES);
                out.add(hash);
                seek = after(hash);
            }
        }
        return out;
    }

    private static boolean startsWith(byte[] key, byte[] start, int lastMask) {
        int last = start.length - 1;
        return last < 0 || Arrays.equals(key, 0, last, start, 0, last)
                && (key[last] & lastMask) == (start[last] & 0xFF);
    }

    /** The first key past every key that starts with {@code hash}, or null if there is none. */
    private static byte[] after(byte[] hash) {
        byte[] next = hash.clone();
        for (int i = next.length - 1; i >= 0; i--) {
            if (++next[i] != 0) {
                return next;
            }
        }
        return null;
    }

    long version() throws IOException {
        byte[] value = rawMeta(VERSION_KEY);
        return value == null ? 0 : ByteBuffer.wrap(value).getLong();
    }

    /** True if the stored folder records were all computed from the stored files (no scan was cut short). */
    boolean foldersConsistent() throws IOException {
        byte[] value = rawMeta(CONSISTENT_KEY);
        return value != null && value.length == 1 && value[0] == 1;
    }

    void putFoldersConsistent(WriteBatch batch, boolean consistent) {
        run(() -> batch.put(index, CONSISTENT_KEY, new byte[] {(byte) (consistent ? 1 : 0)}));
    }

    /** The share root the stored entries belong to, or null. */
    String share() throws IOException {
        byte[] value = rawMeta(SHARE_KEY);
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    private byte[] rawMeta(byte[] key) throws IOException {
        try {
            return db.rocks().get(index, key);
        } catch (RocksDBException e) {
            throw new IOException("cannot read the index: " + e.getMessage(), e);
        }
    }

    void write(WriteBatch batch) throws IOException {
        try {
            db.rocks().write(writeOptions, batch);
        } catch (RocksDBException e) {
            throw new IOException("cannot write the index: " + e.getMessage(), e);
        }
    }

    // Batch operations; RocksDBException from a WriteBatch only means a broken handle, so they are unchecked.

    void putRecord(WriteBatch batch, String path, byte[] record) {
        run(() -> batch.put(index, path.getBytes(StandardCharsets.UTF_8), record));
    }

    void deleteRecord(WriteBatch batch, String path) {
        run(() -> batch.delete(index, path.getBytes(StandardCharsets.UTF_8)));
    }

    void link(WriteBatch batch, byte[] hash, String path) {
        run(() -> batch.put(paths, pathKey(hash, path), new byte[0]));
    }

    void unlink(WriteBatch batch, byte[] hash, String path) {
        run(() -> batch.delete(paths, pathKey(hash, path)));
    }

    void putVersion(WriteBatch batch, long version) {
        run(() -> batch.put(index, VERSION_KEY, ByteBuffer.allocate(8).putLong(version).array()));
    }

    void putShare(WriteBatch batch, String root) {
        run(() -> batch.put(index, SHARE_KEY, root.getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] pathKey(byte[] hash, String path) {
        byte[] p = path.getBytes(StandardCharsets.UTF_8);
        byte[] key = Arrays.copyOf(hash, hash.length + p.length);
        System.arraycopy(p, 0, key, hash.length, p.length);
        return key;
    }

    private interface RocksOp {
        void run() throws RocksDBException;
    }

    private static void run(RocksOp op) {
        try {
            op.run();
        } catch (RocksDBException e) {
            throw new IllegalStateException("cannot add to a write batch: " + e.getMessage(), e);
        }
    }
}
