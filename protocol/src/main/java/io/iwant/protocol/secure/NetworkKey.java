package io.iwant.protocol.secure;

import io.iwant.protocol.UserError;
import io.iwant.protocol.hash.Hex;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Locale;

/**
 * The key of a private network: 160 random bits, written for people as nine groups of four letters and digits
 * (base32, RFC 4648 alphabet in lower case), the last group a checksum so that a typo in a key read out or pasted
 * is caught, for example {@code k7qm-2x4p-...-ab3d}. Holding the key is what makes a peer a member.
 *
 * <p>The key itself never leaves this object except through {@link #text()} (for {@code iwanto key new}) and
 * {@link #derive}; {@link #toString()} and {@link #fingerprint()} are public and safe to print.
 */
public final class NetworkKey {
    /** Random bytes in a key. */
    public static final int BYTES = 20;
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";
    private static final int GROUP = 4;
    /** Base32 characters of the key itself (160 bits, 5 bits each). */
    private static final int KEY_CHARS = BYTES * 8 / 5;
    private static final byte[] SALT = "iwant network key v1".getBytes(StandardCharsets.US_ASCII);

    private final byte[] key;

    private NetworkKey(byte[] key) {
        this.key = key.clone();
    }

    /** A new random key. */
    public static NetworkKey generate() {
        byte[] bytes = new byte[BYTES];
        new SecureRandom().nextBytes(bytes);
        return new NetworkKey(bytes);
    }

    /** A key from its raw bytes (tests). */
    public static NetworkKey of(byte[] bytes) {
        if (bytes.length != BYTES) {
            throw new IllegalArgumentException("a network key has " + BYTES + " bytes");
        }
        return new NetworkKey(bytes);
    }

    /**
     * Parses a key as {@link #text()} writes it; case, spaces and dashes do not matter.
     *
     * @throws IllegalArgumentException with a sentence that says what is wrong (never the key)
     */
    public static NetworkKey parse(String text) {
        StringBuilder chars = new StringBuilder();
        for (char c : text.toLowerCase(Locale.ROOT).toCharArray()) {
            if (c == '-' || Character.isWhitespace(c)) {
                continue;
            }
            if (ALPHABET.indexOf(c) < 0) {
                throw new IllegalArgumentException("a network key has only the letters a-z and the digits 2-7");
            }
            chars.append(c);
        }
        if (chars.length() != KEY_CHARS + GROUP) {
            throw new IllegalArgumentException("a network key has " + (KEY_CHARS + GROUP) / GROUP
                    + " groups of " + GROUP + " characters (iwanto key new prints one)");
        }
        byte[] bytes = decode(chars.substring(0, KEY_CHARS));
        if (!checksum(bytes).equals(chars.substring(KEY_CHARS))) {
            throw new IllegalArgumentException("the network key has a typo: its last group does not match the rest");
        }
        return new NetworkKey(bytes);
    }

    /**
     * Reads the key in {@code file} (one line), refusing a file other users can read.
     *
     * @throws UserError (exit 1) with one sentence when the file is missing, not private or holds no key
     */
    public static NetworkKey read(Path file) {
        String line = KeyFiles.readLine(file, "network key file");
        try {
            return parse(line);
        } catch (IllegalArgumentException e) {
            throw UserError.failed("the network key file " + file + " does not hold a network key: "
                    + e.getMessage());
        }
    }

    /** The key for people: nine dash-separated groups of four characters. */
    public String text() {
        String chars = encode(key) + checksum(key);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < chars.length(); i += GROUP) {
            if (i > 0) {
                out.append('-');
            }
            out.append(chars, i, i + GROUP);
        }
        return out.toString();
    }

    /**
     * A short public name of the key: twelve hex digits of a hash of it. Peers with the same key show the same
     * fingerprint; nothing about the key can be learned from it.
     */
    public String fingerprint() {
        return Hex.encode(Arrays.copyOf(Hkdf.sha256("iwant network fingerprint".getBytes(StandardCharsets.US_ASCII),
                key), 6));
    }

    /** {@code length} bytes of key material for one purpose ({@code label}), independent of every other label's. */
    public byte[] derive(String label, int length) {
        return Hkdf.derive(SALT, key, label, length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NetworkKey other && java.security.MessageDigest.isEqual(key, other.key);
    }

    @Override
    public int hashCode() {
        return fingerprint().hashCode();
    }

    /** The fingerprint, never the key. */
    @Override
    public String toString() {
        return "network key " + fingerprint();
    }

    private static String checksum(byte[] bytes) {
        byte[] sum = Hkdf.sha256("iwant network key checksum".getBytes(StandardCharsets.US_ASCII), bytes);
        return encode(Arrays.copyOf(sum, 5)).substring(0, GROUP);
    }

    private static String encode(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        int buffer = 0;
        int bits = 0;
        for (byte b : bytes) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(ALPHABET.charAt((buffer >> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(ALPHABET.charAt((buffer << (5 - bits)) & 31));
        }
        return out.toString();
    }

    private static byte[] decode(String chars) {
        byte[] out = new byte[chars.length() * 5 / 8];
        int buffer = 0;
        int bits = 0;
        int n = 0;
        for (int i = 0; i < chars.length(); i++) {
            buffer = (buffer << 5) | ALPHABET.indexOf(chars.charAt(i));
            bits += 5;
            if (bits >= 8) {
                out[n++] = (byte) (buffer >> (bits - 8));
                bits -= 8;
            }
        }
        return out;
    }
}
