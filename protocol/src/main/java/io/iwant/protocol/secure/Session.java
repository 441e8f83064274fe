package io.iwant.protocol.secure;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.Arrays;

/**
 * The keys of one established channel and its two counters. Each direction has its own AES-256-GCM key, and its
 * nonces are a counter that only rises (a message takes one value, its data frame the next), so no nonce is ever
 * used twice under a key; a received counter must be higher than every one accepted before, so a message cannot
 * be replayed, and the header (session, counter, flags) is authenticated with it. Used by one thread at a time.
 */
public final class Session {
    /** A message and, if it had one, its data, both opened. */
    public record Opened(byte[] message, ByteBuffer data) {
    }

    /** A message sealed for sending: its first frame and, if it has data, the data frame. */
    public record Sealed(byte[] head, byte[] data) {
    }

    private final byte[] id;
    private final SecretKeySpec sendKey;
    private final SecretKeySpec receiveKey;
    private final byte[] remoteStatic;
    private final Cipher sendCipher;
    private final Cipher receiveCipher;
    private long sent;
    private long received = -1;

    Session(byte[] id, byte[] sendKey, byte[] receiveKey, byte[] remoteStatic) {
        this.id = id.clone();
        this.sendKey = new SecretKeySpec(sendKey, "AES");
        this.receiveKey = new SecretKeySpec(receiveKey, "AES");
        this.remoteStatic = remoteStatic.clone();
        try {
            this.sendCipher = Cipher.getInstance("AES/GCM/NoPadding");
            this.receiveCipher = Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java has no AES-GCM", e);
        }
    }

    byte[] id() {
        return id;
    }

    /** The other side's static public key: who it is (its {@link PeerKey}). */
    public byte[] remoteStatic() {
        return remoteStatic.clone();
    }

    /** Seals a message and, if {@code data} is not null, its data (read from its position to its limit). */
    public Sealed seal(byte[] message, ByteBuffer data) {
        long counter = sent;
        sent += data == null ? 1 : 2;
        byte[] head = new byte[Frames.SEALED_HEADER + message.length + Frames.GCM_TAG];
        Frames.header(head, Frames.SEALED);
        System.arraycopy(id, 0, head, Frames.SESSION_AT, Frames.SESSION_ID);
        ByteBuffer.wrap(head, Frames.SESSION_AT + Frames.SESSION_ID, 9).putLong(counter)
                .put(data == null ? 0 : Frames.FLAG_DATA);
        try {
            init(sendCipher, Cipher.ENCRYPT_MODE, sendKey, counter);
            sendCipher.updateAAD(head, 0, Frames.SEALED_HEADER);
            sendCipher.doFinal(message, 0, message.length, head, Frames.SEALED_HEADER);
            if (data == null) {
                return new Sealed(head, null);
            }
            byte[] sealedData = new byte[data.remaining() + Frames.GCM_TAG];
            init(sendCipher, Cipher.ENCRYPT_MODE, sendKey, counter + 1);
            sendCipher.updateAAD(id);
            sendCipher.doFinal(data.duplicate(), ByteBuffer.wrap(sealedData));
            return new Sealed(head, sealedData);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed to seal", e);
        }
    }

    /**
     * Opens a SEALED first frame of this session and its data frame ({@code data} null if none came); the data is
     * decrypted in place, and the returned buffer is a view of {@code data} over the plain bytes.
     *
     * @throws SecureException if anything fails: a counter not above the last, a flag that does not match the
     *                         frames, or a tag that does not verify
     */
    public Opened open(byte[] head, ByteBuffer data) throws SecureException {
        if (head.length < Frames.OVERHEAD || Frames.type(head) != Frames.SEALED
                || !Arrays.equals(head, Frames.SESSION_AT, Frames.SESSION_AT + Frames.SESSION_ID, id, 0,
                Frames.SESSION_ID)) {
            throw new SecureException("a message that is not sealed for this session");
        }
        ByteBuffer fields = ByteBuffer.wrap(head, Frames.SESSION_AT + Frames.SESSION_ID, 9);
        long counter = fields.getLong();
        byte flags = fields.get();
        if (counter <= received || counter == Long.MAX_VALUE) {
            throw new SecureException("a message replayed or out of order (counter " + counter + ")");
        }
        if ((flags & ~Frames.FLAG_DATA) != 0 || ((flags & Frames.FLAG_DATA) != 0) != (data != null)) {
            throw new SecureException("a message whose frames do not match its header");
        }
        try {
            init(receiveCipher, Cipher.DECRYPT_MODE, receiveKey, counter);
            receiveCipher.updateAAD(head, 0, Frames.SEALED_HEADER);
            byte[] message = receiveCipher.doFinal(head, Frames.SEALED_HEADER, head.length - Frames.SEALED_HEADER);
            ByteBuffer plain = null;
            if (data != null) {
                if (data.remaining() < Frames.GCM_TAG) {
                    throw new SecureException("a data frame too short to be sealed");
                }
                init(receiveCipher, Cipher.DECRYPT_MODE, receiveKey, counter + 1);
                receiveCipher.updateAAD(id);
                ByteBuffer out = data.duplicate();
                int n = receiveCipher.doFinal(data.duplicate(), out);
                plain = data.duplicate();
                plain.limit(plain.position() + n);
            }
            received = data == null ? counter : counter + 1;
            return new Opened(message, plain);
        } catch (AEADBadTagException e) {
            throw new SecureException("a message that fails authentication");
        } catch (GeneralSecurityException e) {
            throw new SecureException("a message that cannot be opened: " + e.getClass().getSimpleName());
        }
    }

    /**
     * Runs the JDK's AES-GCM enough for the JIT compiler to optimise it, on buffers of the kinds chunks use (heap to
     * heap, direct in place). On Java 17 it runs at 30-55 MB/s until then, which a fresh daemon otherwise spends its
     * first 600-750 chunks on (a private download's first gigabyte at half the link's rate); this takes about 0.5 s
     * of one core, so a daemon of a private network calls it once at start, on a thread of its own.
     */
    public static void warmUp() {
        byte[] key = new byte[32];
        Session a = new Session(new byte[Frames.SESSION_ID], key, key, new byte[X25519.KEY_BYTES]);
        Session b = new Session(new byte[Frames.SESSION_ID], key, key, new byte[X25519.KEY_BYTES]);
        byte[] message = new byte[64];
        ByteBuffer data = ByteBuffer.allocate(4096);
        ByteBuffer received = ByteBuffer.allocateDirect(4096 + Frames.GCM_TAG);
        try {
            for (int i = 0; i < 5000; i++) {
                Sealed sealed = a.seal(message, data.duplicate());
                received.clear();
                received.put(sealed.data()).flip();
                b.open(sealed.head(), received);
            }
        } catch (SecureException e) {
            throw new IllegalStateException("AES-GCM does not open what it sealed", e);
        }
    }

    private static void init(Cipher cipher, int mode, SecretKeySpec key, long counter)
            throws GeneralSecurityException {
        byte[] nonce = new byte[12];
        ByteBuffer.wrap(nonce, 4, 8).putLong(counter);
        cipher.init(mode, key, new GCMParameterSpec(128, nonce));
    }
}
