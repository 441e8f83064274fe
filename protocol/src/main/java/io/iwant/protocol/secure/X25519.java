package io.iwant.protocol.secure;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.XECPrivateKey;
import java.security.interfaces.XECPublicKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import javax.crypto.KeyAgreement;

/** X25519 (RFC 7748) key pairs and agreement on the JDK's provider, with keys as 32 raw bytes. */
public final class X25519 {
    public static final int KEY_BYTES = 32;

    private X25519() {
    }

    /** A new key pair. */
    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance("X25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java has no X25519", e);
        }
    }

    /** The raw public key (u coordinate, little-endian). */
    public static byte[] publicBytes(PublicKey key) {
        BigInteger u = ((XECPublicKey) key).getU();
        byte[] big = u.toByteArray();
        byte[] out = new byte[KEY_BYTES];
        for (int i = 0; i < KEY_BYTES && i < big.length; i++) {
            out[i] = big[big.length - 1 - i];
        }
        return out;
    }

    /** The raw private scalar. */
    static byte[] privateBytes(PrivateKey key) {
        return ((XECPrivateKey) key).getScalar().orElseThrow(() ->
                new IllegalStateException("the X25519 private key cannot be exported"));
    }

    /** A key pair from its raw private scalar and public key. */
    static KeyPair pair(byte[] privateBytes, byte[] publicBytes) throws GeneralSecurityException {
        KeyFactory factory = KeyFactory.getInstance("X25519");
        PrivateKey privateKey = factory.generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519,
                privateBytes));
        return new KeyPair(publicKey(publicBytes), privateKey);
    }

    /** A public key from its raw bytes. */
    static PublicKey publicKey(byte[] raw) throws GeneralSecurityException {
        if (raw.length != KEY_BYTES) {
            throw new GeneralSecurityException("an X25519 public key has " + KEY_BYTES + " bytes");
        }
        byte[] big = new byte[KEY_BYTES];
        for (int i = 0; i < KEY_BYTES; i++) {
            big[i] = raw[KEY_BYTES - 1 - i];
        }
        big[0] &= 0x7f; // RFC 7748: the top bit of the last byte is ignored
        return KeyFactory.getInstance("X25519").generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519,
                new BigInteger(1, big)));
    }

    /**
     * The shared secret of {@code own} and a peer's raw public key.
     *
     * @throws GeneralSecurityException for a malformed key or one of small order (an all-zero secret)
     */
    public static byte[] agree(PrivateKey own, byte[] peerPublic) throws GeneralSecurityException {
        KeyAgreement agreement = KeyAgreement.getInstance("X25519");
        agreement.init(own);
        agreement.doPhase(publicKey(peerPublic), true);
        byte[] secret = agreement.generateSecret();
        int any = 0;
        for (byte b : secret) {
            any |= b;
        }
        if (any == 0) {
            throw new GeneralSecurityException("the peer's key has small order");
        }
        return secret;
    }
}
