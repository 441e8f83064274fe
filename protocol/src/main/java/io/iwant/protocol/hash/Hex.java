package io.iwant.protocol.hash;

import java.nio.charset.StandardCharsets;

/** Lowercase hexadecimal, the only way iwant prints a hash. */
public final class Hex {
    private static final byte[] DIGITS = "0123456789abcdef".getBytes(StandardCharsets.ISO_8859_1);

    private Hex() {
    }

    /** The bytes as lowercase hex, two digits per byte. */
    public static String encode(byte[] bytes) {
        return encode(bytes, 0, bytes.length);
    }

    /** {@code length} bytes from {@code offset} as lowercase hex. */
    public static String encode(byte[] bytes, int offset, int length) {
        byte[] out = new byte[length * 2]; // ASCII: the string takes these bytes as they are, no narrowing pass
        for (int i = 0; i < length; i++) {
            int b = bytes[offset + i] & 0xff;
            out[2 * i] = DIGITS[b >>> 4];
            out[2 * i + 1] = DIGITS[b & 0x0f];
        }
        return new String(out, StandardCharsets.ISO_8859_1);
    }

    /**
     * Parses hex digits (either case) into bytes.
     *
     * @throws IllegalArgumentException for an odd length or a character that is not a hex digit
     */
    public static byte[] decode(String hex) {
        if (hex.length() % 2 != 0) {
            throw new IllegalArgumentException("odd number of hex digits: " + hex.length());
        }
        byte[] out = new byte[hex.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) ((digit(hex, 2 * i) << 4) | digit(hex, 2 * i + 1));
        }
        return out;
    }

    /** True for exactly 64 lowercase hex digits: the printed form of a SHA-256 hash. */
    public static boolean isHash(String text) {
        if (text == null || text.length() != 2 * ContentHash.HASH_BYTES) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    private static int digit(String hex, int index) {
        int value = Character.digit(hex.charAt(index), 16);
        if (value < 0) {
            throw new IllegalArgumentException("not a hex digit at " + index + ": '" + hex.charAt(index) + "'");
        }
        return value;
    }

    /** Each {@code width}-byte slice of {@code concatenated} in lowercase hex, in order: a view computed on access. */
    public static java.util.List<String> slices(byte[] concatenated, int width) {
        return new java.util.AbstractList<>() {
            @Override
            public String get(int index) {
                java.util.Objects.checkIndex(index, size());
                return encode(concatenated, index * width, width);
            }

            @Override
            public int size() {
                return concatenated.length / width;
            }
        };
    }
}
