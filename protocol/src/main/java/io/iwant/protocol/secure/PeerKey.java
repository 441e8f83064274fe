package io.iwant.protocol.secure;

import io.iwant.protocol.UserError;
import io.iwant.protocol.hash.Hex;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.Arrays;

/**
 * A peer's own identity: an X25519 key pair made once per home and kept in {@code peer.key} (mode 0600). The network
 * key admits a peer to a private network; this key says which peer it is (the handshake proves it holds the
 * private half), so that a later feature can approve individual devices.
 */
public final class PeerKey {
    private static final String HEADER = "iwant-peer-key-1";

    private final KeyPair pair;
    private final byte[] publicBytes;

    private PeerKey(KeyPair pair) {
        this.pair = pair;
        this.publicBytes = X25519.publicBytes(pair.getPublic());
    }

    /** A new key pair, not saved (tests; {@link #loadOrCreate} for a home). */
    public static PeerKey generate() {
        return new PeerKey(X25519.generate());
    }

    /**
     * The key pair in {@code file}, made and saved (0600) if there is none yet.
     *
     * @throws UserError (exit 1) when the file exists but other users can read it or it holds no key
     */
    public static PeerKey loadOrCreate(Path file) throws IOException {
        if (!Files.exists(file)) {
            PeerKey key = generate();
            KeyFiles.writePrivate(file, HEADER + " " + Hex.encode(X25519.privateBytes(key.pair.getPrivate())) + " "
                    + Hex.encode(key.publicBytes));
            return key;
        }
        String line = KeyFiles.readLine(file, "peer key file");
        String[] parts = line.split(" ");
        try {
            if (parts.length != 3 || !parts[0].equals(HEADER)) {
                throw new GeneralSecurityException("unknown format");
            }
            PeerKey key = new PeerKey(X25519.pair(Hex.decode(parts[1]), Hex.decode(parts[2])));
            if (!Arrays.equals(key.publicBytes, Hex.decode(parts[2]))) {
                throw new GeneralSecurityException("the public key does not match");
            }
            // the halves must belong together: agreeing with a fresh pair both ways gives the same secret
            KeyPair probe = X25519.generate();
            if (!Arrays.equals(X25519.agree(key.pair.getPrivate(), X25519.publicBytes(probe.getPublic())),
                    X25519.agree(probe.getPrivate(), key.publicBytes))) {
                throw new GeneralSecurityException("the private key does not match the public key");
            }
            return key;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw UserError.failed("the peer key file " + file + " is damaged (" + e.getMessage()
                    + "); move it away and a new one is made at the next start");
        }
    }

    public KeyPair pair() {
        return pair;
    }

    /** The 32 raw bytes of the public key. */
    public byte[] publicBytes() {
        return publicBytes.clone();
    }

    /** A short public name of this peer's key: twelve hex digits of its hash. */
    public String fingerprint() {
        return fingerprint(publicBytes);
    }

    /** The fingerprint of any peer's raw public key. */
    public static String fingerprint(byte[] publicBytes) {
        return Hex.encode(Arrays.copyOf(Hkdf.sha256("iwant peer fingerprint".getBytes(StandardCharsets.US_ASCII),
                publicBytes), 6));
    }

    @Override
    public String toString() {
        return "peer key " + fingerprint();
    }
}
