package io.iwant.protocol.hash;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The direct children of a folder, from which its hash is computed; also a wire record (a downloader asks a seeder
 * for the manifest of a folder hash, recomputes the hash, and fetches each entry by its own hash).
 *
 * <h2>Canonical encoding (version 1)</h2>
 * All integers are unsigned big-endian. Entries are sorted by {@link #NAME_ORDER} (Unicode code point order, which
 * is the same as the unsigned byte order of the names' UTF-8 encodings); names are unique.
 * <pre>
 * manifest = 0x02                       tag: folder manifest (chunks use 0x00, Merkle nodes 0x01)
 *            u32 count                  number of entries
 *            entry * count
 * entry    = u32 nameLength             length of the name's UTF-8 bytes
 *            nameLength bytes           the name in UTF-8 (one path segment, as the file system spells it)
 *            u8 kind                    0x00 file, 0x01 folder
 *            u64 size                   a file's size; a folder's total size of all files below it
 *            32 bytes hash              the entry's content hash (file: Merkle root, folder: its folder hash)
 * folder hash = SHA-256(manifest)
 * </pre>
 * An empty folder's manifest is the 5 bytes {@code 02 00 00 00 00}.
 */
public record FolderManifest(List<Entry> entries) {
    /** Code point order of names: the manifest's canonical order. */
    public static final Comparator<String> NAME_ORDER = FolderManifest::compareNames;

    /** What an entry is. */
    public enum Kind {
        FILE((byte) 0), FOLDER((byte) 1);

        private final byte code;

        Kind(byte code) {
            this.code = code;
        }

        /** The byte that stands for this kind in the canonical encoding. */
        public byte code() {
            return code;
        }
    }

    /** One child: its name (one path segment), kind, size in bytes and content hash in lowercase hex. */
    public record Entry(String name, Kind kind, long size, String hash) {
        public Entry {
            if (!isValidName(name)) {
                throw new IllegalArgumentException("not a valid entry name: " + name);
            }
            if (kind == null) {
                throw new IllegalArgumentException("entry " + name + " has no kind");
            }
            if (size < 0) {
                throw new IllegalArgumentException("entry " + name + " has a negative size");
            }
            if (!Hex.isHash(hash)) {
                throw new IllegalArgumentException("entry " + name + " has a bad hash: " + hash);
            }
        }
    }

    /** Sorts the entries into canonical order; rejects repeated names and totals that overflow. */
    public FolderManifest {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparing(Entry::name, NAME_ORDER));
        long total = 0;
        for (int i = 0; i < sorted.size(); i++) {
            if (i > 0 && sorted.get(i - 1).name().equals(sorted.get(i).name())) {
                throw new IllegalArgumentException("entry " + sorted.get(i).name() + " appears twice");
            }
            try {
                total = Math.addExact(total, sorted.get(i).size());
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("entry sizes add up to more than a long holds", e);
            }
        }
        entries = List.copyOf(sorted);
    }

    /** The total size of the folder: the sum of its entries' sizes. */
    public long totalSize() {
        long total = 0;
        for (Entry entry : entries) {
            total += entry.size();
        }
        return total;
    }

    /** The canonical encoding described above. */
    public byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(5 + entries.size() * 64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(ContentHash.MANIFEST_TAG);
            out.writeInt(entries.size());
            for (Entry entry : entries) {
                byte[] name = entry.name().getBytes(StandardCharsets.UTF_8);
                out.writeInt(name.length);
                out.write(name);
                out.writeByte(entry.kind().code());
                out.writeLong(entry.size());
                out.write(Hex.decode(entry.hash()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The folder hash in lowercase hex: SHA-256 over {@link #encode()}. */
    public String hash() {
        ManifestDigest digest = new ManifestDigest(entries.size());
        for (Entry entry : entries) {
            digest.add(entry.name(), entry.kind(), entry.size(), Hex.decode(entry.hash()));
        }
        return Hex.encode(digest.finish());
    }

    /**
     * True for a name that can stand in a manifest: not empty, not {@code .} or {@code ..}, at most 1024 UTF-8
     * bytes, and free of {@code /}, {@code \}, NUL and unpaired surrogates (so it survives UTF-8 both ways).
     */
    public static boolean isValidName(String name) {
        if (name == null || name.isEmpty() || name.equals(".") || name.equals("..") || name.length() > 1024) {
            return false;
        }
        int utf8 = 0;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c == '\\' || c == 0) {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= name.length() || !Character.isLowSurrogate(name.charAt(i + 1))) {
                    return false;
                }
                i++;
                utf8 += 4;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            } else {
                utf8 += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
            }
        }
        return utf8 <= 1024;
    }

    private static int compareNames(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char ca = a.charAt(i);
            char cb = b.charAt(i);
            if (ca != cb) {
                if (Character.isSurrogate(ca) || Character.isSurrogate(cb)) {
                    return Integer.compare(a.codePointAt(Character.isLowSurrogate(ca) && i > 0 ? i - 1 : i),
                            b.codePointAt(Character.isLowSurrogate(cb) && i > 0 ? i - 1 : i));
                }
                return ca - cb;
            }
        }
        return a.length() - b.length();
    }
}
