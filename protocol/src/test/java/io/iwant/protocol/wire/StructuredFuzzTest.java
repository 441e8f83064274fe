package io.iwant.protocol.wire;

import io.iwant.protocol.discovery.DiscoveryMessage;
import io.iwant.protocol.peer.PeerMessage;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every message type with valid framing and one hostile field value: the codec refuses it in a short sentence of
 * printable text, or it decodes to a message that passes all its own checks. Nothing else ever happens.
 */
class StructuredFuzzTest {
    private static final int CASES = 12_000;

    @Test
    void the_generator_encodes_exactly_as_the_codec_does() {
        HostileMessages hostile = new HostileMessages(1);
        for (Object message : all()) {
            assertArrayEquals(Codec.encode(message), hostile.encodeFaithfully(message), message.toString());
        }
    }

    @Test
    void every_message_type_with_a_worst_field_value_is_refused_cleanly_or_valid() throws ProtocolException {
        HostileMessages hostile = new HostileMessages(0xBADF00D);
        List<Object> samples = all();
        int refused = 0;
        for (byte[] frame : hostile.hostile(samples, CASES)) {
            Object decoded;
            try {
                decoded = Codec.decode(frame, Object.class);
            } catch (ProtocolException e) {
                refused++;
                assertTrue(e.getMessage().length() < 160, e.getMessage());
                assertTrue(e.getMessage().chars().allMatch(c -> c >= ' ' && c <= '~'), e.getMessage());
                continue;
            } catch (RuntimeException | Error e) {
                fail("a hostile frame escaped the codec as " + e, e);
                return;
            }
            // what decodes is a valid message: it survives its own round trip unchanged
            byte[] again = Codec.encode(decoded);
            assertArrayEquals(again, Codec.encode(Codec.decode(again, Object.class)));
        }
        assertTrue(refused > CASES / 3, "only " + refused + " of " + CASES + " hostile frames were refused");
    }

    private static List<Object> all() {
        List<Object> all = new ArrayList<>();
        all.addAll(HostileMessages.peerRequests());
        all.addAll(HostileMessages.peerReplies());
        all.addAll(HostileMessages.discoveryMessages());
        for (Object message : all) {
            assertTrue(message instanceof PeerMessage || message instanceof DiscoveryMessage);
        }
        return all;
    }
}
