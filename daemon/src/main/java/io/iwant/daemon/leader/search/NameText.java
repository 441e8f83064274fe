package io.iwant.daemon.leader.search;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The entries' names as UTF-8 in one byte array, each behind its length (a varint), found by its offset: about
 * 38 bytes for a 35-letter name instead of the 80 of a {@code String} and its array. A freed name leaves a gap;
 * when the gaps outweigh the live names the text is compacted (the offsets of the live names move, so the caller
 * passes them in and gets them back through {@link Offsets}). Not thread-safe: the network index guards it.
 */
final class NameText {
    /** Where each live name starts; the owner keeps the offsets, this class moves them when it compacts. */
    interface Offsets {
        /** Ids below this bound may hold a name. */
        int bound();

        boolean live(int id);

        int offset(int id);

        void move(int id, int offset);
    }

    /** Gaps smaller than this are not worth a compaction. */
    private static final int MIN_GARBAGE = 1 << 20;

    private final Offsets offsets;
    private byte[] text = new byte[256];
    private int used;
    private long garbage;

    NameText(Offsets offsets) {
        this.offsets = offsets;
    }

    /** Stores a name; returns its offset. */
    int add(String name) {
        byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        int need = utf8.length + 5;
        if (used + need > text.length) {
            if (garbage >= MIN_GARBAGE && garbage * 2 > used) {
                compact();
            }
            if (used + need > text.length) {
                text = Arrays.copyOf(text, Math.max(used + need, FreeIds.grown(text.length)));
            }
        }
        int at = used;
        int p = writeLength(at, utf8.length);
        System.arraycopy(utf8, 0, text, p, utf8.length);
        used = p + utf8.length;
        return at;
    }

    /** Forgets the name at {@code offset}; its bytes are reclaimed by a later compaction. */
    void free(int offset) {
        garbage += end(offset) - offset;
    }

    String get(int offset) {
        int length = length(offset);
        return new String(text, start(offset), length, StandardCharsets.UTF_8);
    }

    /** Whether the name at {@code offset} is {@code utf8}. */
    boolean is(int offset, byte[] utf8) {
        int start = start(offset);
        return Arrays.equals(text, start, start + length(offset), utf8, 0, utf8.length);
    }

    /** Bytes held, gaps and spare room included. */
    long footprint() {
        return text.length;
    }

    private void compact() {
        byte[] packed = new byte[Math.max(256, (int) Math.min(Integer.MAX_VALUE - 8, (used - garbage) * 5 / 4))];
        int to = 0;
        for (int id = 0, bound = offsets.bound(); id < bound; id++) {
            if (offsets.live(id)) {
                int from = offsets.offset(id);
                int n = end(from) - from;
                if (to + n > packed.length) {
                    packed = Arrays.copyOf(packed, Math.max(to + n, packed.length + (packed.length >> 1)));
                }
                System.arraycopy(text, from, packed, to, n);
                offsets.move(id, to);
                to += n;
            }
        }
        text = packed;
        used = to;
        garbage = 0;
    }

    private int end(int offset) {
        return start(offset) + length(offset);
    }

    private int length(int offset) {
        int value = 0;
        for (int shift = 0, p = offset; ; shift += 7, p++) {
            byte b = text[p];
            value |= (b & 0x7f) << shift;
            if (b >= 0) {
                return value;
            }
        }
    }

    private int start(int offset) {
        int p = offset;
        while (text[p] < 0) {
            p++;
        }
        return p + 1;
    }

    private int writeLength(int at, int length) {
        int p = at;
        int v = length;
        while (v >= 0x80) {
            text[p++] = (byte) (v & 0x7f | 0x80);
            v >>>= 7;
        }
        text[p++] = (byte) v;
        return p;
    }
}
