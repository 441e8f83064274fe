package io.iwant.protocol.wire;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;

import java.util.ArrayList;
import java.util.List;

/**
 * The one codec for every message iwant puts on a wire: Kryo with registration required, the ids from
 * {@link WireIds}, bounded reads. Thread-safe (one Kryo per thread).
 */
public final class Codec {
    /** No encoded message is larger than this (16 MiB). */
    public static final int MAX_MESSAGE = 16 * 1024 * 1024;
    /** Longest description of a decoding failure: it may quote what the peer sent. */
    private static final int MAX_DESCRIPTION = 120;

    static {
        // Kryo probes sun.misc.Unsafe when its first class loads unless told not to, and Java 23 and later print a
        // warning for that on every command; iwant uses only Kryo's safe streams, so the probe buys nothing.
        if (System.getProperty("kryo.unsafe") == null) {
            System.setProperty("kryo.unsafe", "false");
        }
    }

    private static final ThreadLocal<Kryo> KRYO = ThreadLocal.withInitial(Codec::newKryo);

    private Codec() {
    }

    /** Encodes a registered message; throws {@link IllegalArgumentException} for anything unregistered. */
    public static byte[] encode(Object message) {
        Output output = new Output(256, MAX_MESSAGE);
        try {
            KRYO.get().writeClassAndObject(output, message);
        } catch (RuntimeException e) {
            KRYO.remove();
            throw new IllegalArgumentException("cannot encode " + message.getClass().getName() + ": " + describe(e), e);
        }
        return output.toBytes();
    }

    /**
     * Decodes a message of the expected type from an untrusted payload.
     *
     * @throws ProtocolException for anything that is not exactly one well-formed message of that type
     */
    public static <T> T decode(byte[] payload, Class<T> expected) throws ProtocolException {
        if (payload == null || payload.length == 0) {
            throw new ProtocolException("empty message");
        }
        Object value;
        Input input = new Input(payload);
        Kryo kryo = KRYO.get();
        try {
            value = kryo.readClassAndObject(input);
        } catch (RuntimeException | StackOverflowError e) {
            kryo.reset(); // a failed read leaves the per-operation state half-way; clear it for the next one
            throw new ProtocolException("malformed message: " + describe(e), e);
        }
        if (input.position() != payload.length) {
            throw new ProtocolException("malformed message: " + (payload.length - input.position()) + " trailing bytes");
        }
        if (!expected.isInstance(value)) {
            throw new ProtocolException("unexpected message: "
                    + (value == null ? "null" : value.getClass().getSimpleName()) + " where "
                    + expected.getSimpleName() + " was expected");
        }
        return expected.cast(value);
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = root.getMessage();
        if (text == null) {
            text = root.getClass().getSimpleName();
        }
        return printable(text, MAX_DESCRIPTION);
    }

    /**
     * The first line of {@code text}, at most {@code max} characters, with anything but printable ASCII shown as
     * '?': error texts can carry parts of what a peer sent, and end up in replies and log lines.
     */
    static String printable(String text, int max) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), max + 3));
        for (int i = 0; i < text.length() && text.charAt(i) != '\n'; i++) {
            if (out.length() == max) {
                return out.append("...").toString();
            }
            char c = text.charAt(i);
            out.append(c >= ' ' && c <= '~' ? c : '?');
        }
        return out.toString();
    }

    /** A Kryo with every wire type registered under its id; tests override serializers on their own copy. */
    static Kryo newKryo() {
        Kryo kryo = new Kryo();
        kryo.setRegistrationRequired(true);
        kryo.setReferences(false);
        kryo.register(String.class, new BoundedSerializers.Utf8());
        kryo.register(byte[].class, new BoundedSerializers.Bytes(), WireIds.BYTES);
        BoundedSerializers.Lists lists = new BoundedSerializers.Lists();
        kryo.register(ArrayList.class, lists, WireIds.LIST_ARRAY);
        kryo.register(List.of().getClass(), lists, WireIds.LIST_N);
        kryo.register(List.of(1).getClass(), lists, WireIds.LIST_12);
        WireIds.TABLE.forEach((type, id) -> kryo.register(type, id));
        return kryo;
    }
}
