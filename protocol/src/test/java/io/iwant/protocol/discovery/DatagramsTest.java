package io.iwant.protocol.discovery;

import io.iwant.protocol.control.ControlRequest;
import io.iwant.protocol.wire.Codec;
import io.iwant.protocol.wire.ProtocolException;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DatagramsTest {
    private static final PeerStamp FROM = new PeerStamp("peer-a1b2c3", -8_123_456_789L, 12_345L);

    private static final List<DiscoveryMessage> ALL = List.of(
            new Beacon(FROM, 7378, "peer-zz", 42),
            new Beacon(FROM, 0, DiscoveryMessage.NO_LEADER, 0),
            new Beacon(FROM, 1, "x", 3).asDirect(),
            new Victory(FROM, 7, Long.MIN_VALUE),
            new Ping(FROM, 99),
            new Pong(FROM, 99, FROM.peerId(), 7, 123_456_789L),
            new Bye(FROM));

    @Test
    void every_message_survives_a_round_trip() throws ProtocolException {
        for (DiscoveryMessage message : ALL) {
            byte[] datagram = Datagrams.encode(message);
            assertTrue(datagram.length < 100, "small datagrams: " + datagram.length);
            assertTrue(Datagrams.isOurs(datagram, datagram.length));
            assertEquals(message, Datagrams.decode(datagram, datagram.length));
        }
    }

    @Test
    void a_pong_says_whether_its_sender_leads() {
        assertTrue(new Pong(FROM, 1, FROM.peerId(), 3, 5).leading());
        assertFalse(new Pong(FROM, 1, "other", 3, 0).leading());
    }

    @Test
    void foreign_datagrams_are_not_ours_and_are_rejected() {
        byte[] dns = {0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0, 0, 0, 0, 0, 0};
        assertFalse(Datagrams.isOurs(dns, dns.length));
        assertThrows(ProtocolException.class, () -> Datagrams.decode(dns, dns.length));
        byte[] future = Datagrams.encode(new Bye(FROM));
        future[4] = 2;
        assertFalse(Datagrams.isOurs(future, future.length));
        assertThrows(ProtocolException.class, () -> Datagrams.decode(future, future.length));
    }

    @Test
    void oversized_datagrams_are_rejected_unread() {
        byte[] big = Arrays.copyOf(Datagrams.encode(new Bye(FROM)), Datagrams.MAX_DATAGRAM + 1);
        assertThrows(ProtocolException.class, () -> Datagrams.decode(big, big.length));
    }

    @Test
    void another_registered_type_inside_our_header_is_rejected() {
        byte[] body = Codec.encode(new ControlRequest.Stop());
        byte[] datagram = new byte[5 + body.length];
        System.arraycopy(new byte[]{'I', 'W', 'N', 'T', Datagrams.VERSION}, 0, datagram, 0, 5);
        System.arraycopy(body, 0, datagram, 5, body.length);
        assertThrows(ProtocolException.class, () -> Datagrams.decode(datagram, datagram.length));
    }

    @Test
    void invalid_fields_are_refused_by_the_records() {
        assertThrows(IllegalArgumentException.class, () -> new PeerStamp("", 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new PeerStamp("a b", 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new PeerStamp("x".repeat(65), 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new PeerStamp("a", 1, -1));
        assertThrows(IllegalArgumentException.class, () -> new Beacon(FROM, 70_000, "", 0));
        assertThrows(IllegalArgumentException.class, () -> new Beacon(FROM, 1, null, 0));
        assertThrows(IllegalArgumentException.class, () -> new Victory(FROM, 0, 1));
    }

    @Test
    void mangled_datagrams_fail_only_with_a_protocol_exception() {
        Random random = new Random(4);
        for (int round = 0; round < 2_000; round++) {
            byte[] datagram = Datagrams.encode(ALL.get(random.nextInt(ALL.size())));
            int length = datagram.length;
            switch (random.nextInt(3)) {
                case 0 -> length = 5 + random.nextInt(length - 5);
                case 1 -> datagram[5 + random.nextInt(length - 5)] ^= (byte) (1 << random.nextInt(8));
                default -> {
                    for (int i = 5; i < length; i++) {
                        datagram[i] = (byte) random.nextInt();
                    }
                }
            }
            try {
                DiscoveryMessage decoded = Datagrams.decode(datagram, length);
                assertTrue(decoded.from().peerId().length() <= PeerStamp.MAX_PEER_ID);
            } catch (ProtocolException expected) {
                // the only way a datagram may fail
            }
        }
    }
}
