package io.iwant.daemon.transfer.fetch;

import io.iwant.daemon.store.Db;
import io.iwant.protocol.control.DownloadState;
import io.iwant.protocol.peer.PeerMessage;
import io.iwant.protocol.wire.Codec;
import io.iwant.protocol.wire.ProtocolException;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Resume state in the {@code transfer} column family: one record per download, one key per verified and written
 * chunk, and the verified metadata of everything a download needs (so a restart can check its part files before
 * any seeder answers). Keys:
 * <pre>
 * r/HASH                    record (see {@link Record})
 * c/HASH/FILE/CHUNK         a chunk of file number FILE (8 hex digits each) is on disk; empty value
 * m/HASH/CONTENT            a FileMeta or FolderMeta that download HASH needs, as the codec encodes it
 * f/FILEHASH                where a finished download put a file with this content: its size (8 bytes), then
 *                           its path (UTF-8); a later download copies it rather than fetch it again
 * </pre>
 * Thread-safe (RocksDB is); writes are not synced, since the part files are checked again after a crash anyway.
 */
final class ResumeStore {
    private static final byte VERSION = 1;

    /** What is kept about one download. {@code folder} is the download folder it writes into. */
    record Record(String hash, String name, boolean dir, long size, String folder, String part, DownloadState state,
                  String reason, String target) {
        Record with(DownloadState next, String why, String where) {
            return new Record(hash, name, dir, size, folder, part, next, why, where);
        }
    }

    private final RocksDB rocks;
    private final ColumnFamilyHandle family;

    ResumeStore(Db db) {
        this.rocks = db.rocks();
        this.family = db.family("transfer");
    }

    void put(Record r) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            for (String s : new String[] {r.name(), r.folder(), r.part(), r.state().name(), r.reason(), r.target()}) {
                byte[] utf8 = (s == null ? "" : s).getBytes(StandardCharsets.UTF_8);
                out.writeInt(utf8.length);
                out.write(utf8);
            }
            out.writeBoolean(r.dir());
            out.writeLong(r.size());
        }
        write(key("r/" + r.hash()), bytes.toByteArray());
    }

    Optional<Record> get(String hash) throws IOException {
        byte[] value = read(key("r/" + hash));
        return value == null ? Optional.empty() : Optional.ofNullable(decode(hash, value));
    }

    List<Record> all() {
        List<Record> records = new ArrayList<>();
        scan("r/", (key, value) -> {
            Record r = decode(key.substring(2), value);
            if (r != null) {
                records.add(r);
            }
        });
        return records;
    }

    /** Forgets a download entirely: record, chunks and metadata. */
    void remove(String hash) throws IOException {
        clearChunks(hash);
        clearMeta(hash);
        delete(key("r/" + hash));
    }

    /** Notes that a finished download put a file of {@code size} bytes with content {@code fileHash} at {@code path}. */
    void putLocalCopy(String fileHash, Path path, long size) throws IOException {
        byte[] utf8 = path.toString().getBytes(StandardCharsets.UTF_8);
        write(key("f/" + fileHash), ByteBuffer.allocate(8 + utf8.length).putLong(size).put(utf8).array());
    }

    /**
     * A file a finished download put in place with content {@code fileHash}, if it is still there with its size (the
     * caller checks its content before using it). A note whose file is gone or changed size is dropped.
     */
    Optional<Path> localCopy(String fileHash) {
        byte[] key = key("f/" + fileHash);
        try {
            byte[] value = read(key);
            if (value == null || value.length < 8) {
                return Optional.empty();
            }
            long size = ByteBuffer.wrap(value).getLong();
            Path path = Path.of(new String(value, 8, value.length - 8, StandardCharsets.UTF_8));
            BasicFileAttributes attrs = Files.readAttributes(path, BasicFileAttributes.class);
            if (attrs.isRegularFile() && attrs.size() == size) {
                return Optional.of(path);
            }
        } catch (IOException | RuntimeException e) {
            // gone or unreadable: dropped below
        }
        try {
            delete(key);
        } catch (IOException ignored) {
            // the next look drops it
        }
        return Optional.empty();
    }

    void markDone(String hash, int file, int chunk) throws IOException {
        write(key(chunkKey(hash, file, chunk)), new byte[0]);
    }

    /** Records chunk 0 of each of {@code files} (file numbers of download {@code hash}) as written, in one write. */
    void markFilesDone(String hash, List<Integer> files) throws IOException {
        try (WriteBatch batch = new WriteBatch(); WriteOptions options = new WriteOptions()) {
            for (int file : files) {
                batch.put(family, key(chunkKey(hash, file, 0)), new byte[0]);
            }
            rocks.write(options, batch);
        } catch (RocksDBException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** The chunks recorded as written, per file number. */
    Map<Integer, BitSet> doneChunks(String hash) {
        Map<Integer, BitSet> done = new HashMap<>();
        String prefix = "c/" + hash + "/";
        scan(prefix, (key, value) -> {
            String rest = key.substring(prefix.length());
            if (rest.length() == 17 && rest.charAt(8) == '/') {
                try {
                    int file = Integer.parseUnsignedInt(rest.substring(0, 8), 16);
                    int chunk = Integer.parseUnsignedInt(rest.substring(9), 16);
                    done.computeIfAbsent(file, f -> new BitSet()).set(chunk);
                } catch (NumberFormatException ignored) {
                    // not ours; skip
                }
            }
        });
        return done;
    }

    void clearChunks(String hash) throws IOException {
        deletePrefix("c/" + hash);
    }

    /** Keeps the metadata of {@code content} that download {@code hash} needs. */
    void putMeta(String hash, String content, PeerMessage meta) throws IOException {
        write(key("m/" + hash + "/" + content), Codec.encode(meta));
    }

    /** Cached metadata, checked again by decoding (the records check themselves), or empty. */
    Optional<PeerMessage> meta(String hash, String content) throws IOException {
        byte[] k = key("m/" + hash + "/" + content);
        byte[] value = read(k);
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Codec.decode(value, PeerMessage.class));
        } catch (ProtocolException e) {
            delete(k);
            return Optional.empty();
        }
    }

    void clearMeta(String hash) throws IOException {
        deletePrefix("m/" + hash);
    }

    /** Deletes every key from PREFIX/ to PREFIX0 (the byte after '/'). */
    private void deletePrefix(String prefix) throws IOException {
        try {
            rocks.deleteRange(family, key(prefix + "/"), key(prefix + "0"));
        } catch (RocksDBException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private static String chunkKey(String hash, int file, int chunk) {
        return String.format("c/%s/%08x/%08x", hash, file, chunk);
    }

    private static Record decode(String hash, byte[] value) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(value))) {
            if (in.readByte() != VERSION) {
                return null;
            }
            String[] s = new String[6];
            for (int i = 0; i < s.length; i++) {
                int length = in.readInt();
                if (length < 0 || length > in.available()) {
                    return null;
                }
                s[i] = new String(in.readNBytes(length), StandardCharsets.UTF_8);
            }
            boolean dir = in.readBoolean();
            long size = in.readLong();
            return new Record(hash, s[0], dir, size, s[1], s[2], DownloadState.valueOf(s[3]), s[4], s[5]);
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    private interface Visitor {
        void visit(String key, byte[] value);
    }

    private void scan(String prefix, Visitor visitor) {
        byte[] start = key(prefix);
        try (RocksIterator it = rocks.newIterator(family)) {
            for (it.seek(start); it.isValid(); it.next()) {
                String key = new String(it.key(), StandardCharsets.UTF_8);
                if (!key.startsWith(prefix)) {
                    break;
                }
                visitor.visit(key, it.value());
            }
        }
    }

    private static byte[] key(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private byte[] read(byte[] key) throws IOException {
        try {
            return rocks.get(family, key);
        } catch (RocksDBException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private void write(byte[] key, byte[] value) throws IOException {
        try {
            rocks.put(family, key, value);
        } catch (RocksDBException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private void delete(byte[] key) throws IOException {
        try {
            rocks.delete(family, key);
        } catch (RocksDBException e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
