package io.iwant.protocol.control;

import io.iwant.protocol.wire.Codec;
import io.iwant.protocol.wire.ProtocolException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class StreamWireTest {
    @Test
    void a_stream_request_and_its_data_cross_the_control_socket() throws ProtocolException {
        ControlRequest.Stream request = new ControlRequest.Stream("ab".repeat(32), false);
        assertEquals(request, Codec.decode(Codec.encode(request), ControlRequest.class));
        byte[] bytes = new byte[ControlReply.Data.MAX_BYTES];
        bytes[bytes.length - 1] = 7;
        ControlReply.Data data = (ControlReply.Data) Codec.decode(Codec.encode(new ControlReply.Data(bytes)),
                ControlReply.class);
        assertArrayEquals(bytes, data.bytes());
        assertEquals(0, ((ControlReply.Data) Codec.decode(Codec.encode(new ControlReply.Data(new byte[0])),
                ControlReply.class)).bytes().length);
    }

    @Test
    void a_data_reply_larger_than_its_limit_or_a_stream_of_no_hash_cannot_be_made() {
        assertThrows(IllegalArgumentException.class, () -> new ControlReply.Data(new byte[ControlReply.Data.MAX_BYTES + 1]));
        assertThrows(NullPointerException.class, () -> new ControlReply.Data(null));
        assertThrows(IllegalArgumentException.class, () -> new ControlRequest.Stream(" ", true));
    }
}
