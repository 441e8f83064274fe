/**
 * How every message crosses a wire: the Kryo {@link io.iwant.protocol.wire.Codec} with registration required and
 * the one table of ids ({@link io.iwant.protocol.wire.WireIds}, never reused), length-checked serializers
 * ({@link io.iwant.protocol.wire.BoundedSerializers}) and length-prefixed {@link io.iwant.protocol.wire.Frames}.
 * Stateless apart from one Kryo per thread, so any thread may encode and decode. Uses Kryo and the JDK only.
 */
package io.iwant.protocol.wire;
