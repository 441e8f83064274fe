package io.iwant.protocol.control;

import io.iwant.protocol.control.ControlReply.Network;
import io.iwant.protocol.control.ControlReply.NetworkMode;
import io.iwant.protocol.wire.Codec;
import io.iwant.protocol.wire.ProtocolException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class NetworkReplyTest {
    private static final String FP = "3f9a1c228b07";

    @Test
    void should_carry_a_private_network_and_an_open_one_across_the_wire() throws ProtocolException {
        for (Network n : new Network[] {new Network(NetworkMode.PRIVATE, FP, "5d0e4b1c9a22"),
                new Network(NetworkMode.PRIVATE, null, null), new Network(NetworkMode.OPEN, null, "5d0e4b1c9a22")}) {
            assertEquals(n, Codec.decode(Codec.encode(n), Network.class));
        }
        assertEquals("private", NetworkMode.PRIVATE.label());
        assertEquals("open", NetworkMode.OPEN.label());
    }

    @Test
    void should_refuse_anything_but_twelve_lowercase_hex_digits_as_a_fingerprint() {
        for (String bad : new String[] {"", "3f9a1c228b0", "3f9a1c228b07a", "3F9A1C228B07", "3f9a1c228b0g",
                "k7qm-2x4p-ab", "ab".repeat(32), "3f9a1c228b0\n"}) {
            assertThrows(IllegalArgumentException.class, () -> new Network(NetworkMode.PRIVATE, bad, null), bad);
            assertThrows(IllegalArgumentException.class, () -> new Network(NetworkMode.OPEN, null, bad), bad);
        }
        assertThrows(NullPointerException.class, () -> new Network(null, null, null));
    }

    @Test
    void should_refuse_an_open_network_with_a_key_fingerprint() {
        assertThrows(IllegalArgumentException.class, () -> new Network(NetworkMode.OPEN, FP, null));
    }

    @Test
    void should_refuse_a_decoded_network_whose_fingerprint_was_tampered_with() {
        byte[] bytes = Codec.encode(new Network(NetworkMode.PRIVATE, FP, null));
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int at = text.indexOf("3f9a");
        bytes[at] = 'Z';
        assertThrows(ProtocolException.class, () -> Codec.decode(bytes, ControlReply.Network.class));
    }
}
