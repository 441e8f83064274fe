package io.iwant.protocol.wire;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Serializers for the variable-length types that Kryo's own would allocate blindly from an untrusted length:
 * every count read from the wire is checked against the bytes actually left in the frame before allocating.
 */
final class BoundedSerializers {
    /** How deeply lists may nest inside one message. */
    static final int MAX_NESTING = 8;

    private BoundedSerializers() {
    }

    static int checkedLength(Input input, int length, int bytesPerItem, String what) {
        int remaining = input.limit() - input.position();
        if (length < 0 || (long) length * bytesPerItem > remaining) {
            throw new KryoException(what + " length " + length + " exceeds the " + remaining + " bytes left in the frame");
        }
        return length;
    }

    static final class Utf8 extends Serializer<String> {
        Utf8() {
            setImmutable(true);
            setAcceptsNull(false);
        }

        @Override
        public void write(Kryo kryo, Output output, String value) {
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            output.writeVarInt(bytes.length, true);
            output.writeBytes(bytes);
        }

        @Override
        public String read(Kryo kryo, Input input, Class<? extends String> type) {
            int length = checkedLength(input, input.readVarInt(true), 1, "string");
            return new String(input.readBytes(length), StandardCharsets.UTF_8);
        }
    }

    static final class Bytes extends Serializer<byte[]> {
        Bytes() {
            setAcceptsNull(false);
        }

        @Override
        public void write(Kryo kryo, Output output, byte[] value) {
            output.writeVarInt(value.length, true);
            output.writeBytes(value);
        }

        @Override
        public byte[] read(Kryo kryo, Input input, Class<? extends byte[]> type) {
            int length = checkedLength(input, input.readVarInt(true), 1, "byte array");
            return input.readBytes(length);
        }

        @Override
        public byte[] copy(Kryo kryo, byte[] original) {
            return original.clone();
        }
    }

    /** Lists travel as a count and their elements; they are read back as immutable lists without nulls. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    static final class Lists extends Serializer<List> {
        private int depth;

        Lists() {
            setAcceptsNull(false);
        }

        @Override
        public void write(Kryo kryo, Output output, List list) {
            output.writeVarInt(list.size(), true);
            for (Object element : list) {
                kryo.writeClassAndObject(output, element);
            }
        }

        @Override
        public List read(Kryo kryo, Input input, Class<? extends List> type) {
            int size = checkedLength(input, input.readVarInt(true), 1, "list");
            if (++depth > MAX_NESTING) {
                depth = 0;
                throw new KryoException("lists nested deeper than " + MAX_NESTING);
            }
            try {
                List<Object> elements = new ArrayList<>(size);
                for (int i = 0; i < size; i++) {
                    Object element = kryo.readClassAndObject(input);
                    if (element == null) {
                        throw new KryoException("null list element");
                    }
                    elements.add(element);
                }
                return List.copyOf(elements);
            } finally {
                depth = Math.max(0, depth - 1);
            }
        }
    }
}
