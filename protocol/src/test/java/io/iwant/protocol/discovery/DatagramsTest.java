package io.iwant.protocol.discovery;

import io.iwant.protocol.control.ControlRequest;
import io.iwant.protocol.secure.DatagramSeal;
import io.iwant.protocol.secure.NetworkKey;
import io.iwant.protocol.wire.Codec;
import io.iwant.protocol.wire.Limits;
import io.iwant.protocol.wire.ProtocolException;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
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
            new Bye(FROM),
            Gossip.of(FROM, List.of(new InetSocketAddress("10.0.0.2", 40_002), new InetSocketAddress("10.0.0.3", 1))),
            Gossip.of(FROM, List.of()));

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
        future[4] = 3;
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
    void a_gossip_holds_whole_ipv4_addresses_and_no_more_than_its_limit() {
        InetSocketAddress any = new InetSocketAddress("10.0.0.2", 40_002);
        assertThrows(IllegalArgumentException.class, () -> new Gossip(FROM, new byte[7]));
        assertThrows(IllegalArgumentException.class, () -> new Gossip(FROM, null));
        assertThrows(IllegalArgumentException.class, () -> new Gossip(null, new byte[6]));
        assertThrows(IllegalArgumentException.class, () -> new Gossip(FROM, new byte[6 * (Gossip.MAX_MEMBERS + 1)]));
        assertThrows(IllegalArgumentException.class,
                () -> Gossip.of(FROM, java.util.Collections.nCopies(Gossip.MAX_MEMBERS + 1, any)));
        assertThrows(IllegalArgumentException.class, () -> Gossip.of(FROM, List.of(new InetSocketAddress("::1", 1))));
        byte[] zeros = new byte[6];
        assertEquals(List.of(new InetSocketAddress("0.0.0.0", 0)), new Gossip(FROM, zeros).members(),
                "the worst values still read back as addresses; the receiver judges them");
    }

    @Test
    void a_gossip_of_too_many_addresses_on_the_wire_is_malformed() {
        Gossip full = Gossip.of(FROM, java.util.Collections.nCopies(Gossip.MAX_MEMBERS,
                new InetSocketAddress("10.0.0.2", 40_002)));
        byte[] body = Codec.encode(full);
        byte[] packed = full.addresses();
        // the byte array's length is the varint right before its bytes: say one address more than allowed
        int at = 0;
        while (!Arrays.equals(body, at, at + packed.length, packed, 0, packed.length)) {
            at++;
        }
        assertEquals(packed.length, body[at - 1]);
        byte[] longer = new byte[body.length + Gossip.ENTRY];
        System.arraycopy(body, 0, longer, 0, at);
        System.arraycopy(body, at, longer, at + Gossip.ENTRY, body.length - at);
        longer[at - 1] = (byte) (packed.length + Gossip.ENTRY);
        byte[] datagram = new byte[5 + longer.length];
        System.arraycopy(new byte[]{'I', 'W', 'N', 'T', Datagrams.VERSION}, 0, datagram, 0, 5);
        System.arraycopy(longer, 0, datagram, 5, longer.length);
        assertThrows(ProtocolException.class, () -> Datagrams.decode(datagram, datagram.length));
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

    private static final NetworkKey KEY = NetworkKey.of(new byte[NetworkKey.BYTES]);
    private static final InetSocketAddress SENDER = new InetSocketAddress("10.77.0.2", 40_002);

    @Test
    void a_private_datagram_says_where_it_was_sent_from_and_only_ipv4_senders_exist() {
        byte[] datagram = Datagrams.seal(new Bye(FROM), new DatagramSeal(KEY), 1, SENDER, 42);
        assertEquals(SENDER, Datagrams.open(new DatagramSeal(KEY), datagram, datagram.length).sender());
        assertThrows(IllegalArgumentException.class, () -> Datagrams.seal(new Bye(FROM), new DatagramSeal(KEY), 1,
                new InetSocketAddress("::1", 1), 42));
    }

    @Test
    void every_message_survives_sealing_and_opening_with_its_counter() {
        DatagramSeal sender = new DatagramSeal(KEY);
        DatagramSeal receiver = new DatagramSeal(KEY);
        long counter = 1;
        for (DiscoveryMessage message : ALL) {
            long recipient = counter % 2 == 0 ? Datagrams.EVERYONE : -counter;
            byte[] datagram = Datagrams.seal(message, sender, counter, SENDER, recipient);
            assertEquals(Datagrams.PRIVATE_VERSION, Datagrams.version(datagram, datagram.length));
            assertEquals(Codec.encode(message).length + Datagrams.PRIVATE_OVERHEAD, datagram.length);
            assertFalse(Datagrams.isOurs(datagram, datagram.length), "not an open network's datagram");
            assertThrows(ProtocolException.class, () -> Datagrams.decode(datagram, datagram.length));
            assertEquals(new Datagrams.Opened(DatagramSeal.Verdict.OK, SENDER, recipient, counter, message),
                    Datagrams.open(receiver, datagram, datagram.length));
            counter++;
        }
    }

    @Test
    void the_largest_message_of_each_kind_still_fits_when_sealed() {
        String longest = "~".repeat(PeerStamp.MAX_PEER_ID);
        PeerStamp from = new PeerStamp(longest, Long.MIN_VALUE, Limits.MAX_UPTIME_MILLIS);
        List<DiscoveryMessage> largest = List.of(
                new Beacon(from, 65535, longest, Limits.MAX_TERM, true),
                new Victory(from, Limits.MAX_TERM, Long.MIN_VALUE),
                new Ping(from, Long.MIN_VALUE),
                new Pong(from, Long.MIN_VALUE, longest, Limits.MAX_TERM, Long.MIN_VALUE),
                new Bye(from),
                Gossip.of(from, java.util.Collections.nCopies(Gossip.MAX_MEMBERS,
                        new InetSocketAddress("255.255.255.255", 65535))));
        DatagramSeal seal = new DatagramSeal(KEY);
        for (DiscoveryMessage message : largest) {
            byte[] datagram = Datagrams.seal(message, seal, Long.MAX_VALUE, new InetSocketAddress("255.255.255.255",
                    65535), Long.MIN_VALUE);
            assertTrue(datagram.length <= Datagrams.MAX_DATAGRAM, message + ": " + datagram.length + " bytes");
            assertEquals(message, Datagrams.open(new DatagramSeal(KEY), datagram, datagram.length).message());
        }
    }

    @Test
    void another_networks_datagram_is_told_apart_by_its_key_id_and_a_forged_one_by_its_tag() {
        byte[] datagram = Datagrams.seal(new Bye(FROM), new DatagramSeal(KEY), 7, SENDER, Datagrams.EVERYONE);
        DatagramSeal ours = new DatagramSeal(KEY);
        DatagramSeal other = new DatagramSeal(NetworkKey.generate());
        assertEquals(DatagramSeal.Verdict.OTHER_NETWORK, Datagrams.open(other, datagram, datagram.length).verdict());
        for (int i = 0; i < datagram.length; i++) {
            if (i >= 19 && i < 23) {
                continue; // the key id: another network, checked above
            }
            byte[] flipped = datagram.clone();
            flipped[i] ^= 1;
            DatagramSeal.Verdict verdict = Datagrams.open(ours, flipped, flipped.length).verdict();
            assertEquals(i < 5 ? DatagramSeal.Verdict.MALFORMED : DatagramSeal.Verdict.FORGED, verdict,
                    "bit flipped in byte " + i);
        }
        assertEquals(DatagramSeal.Verdict.FORGED, Datagrams.open(ours, datagram, datagram.length - 1).verdict());
        assertEquals(DatagramSeal.Verdict.MALFORMED, Datagrams.open(ours, datagram, 46).verdict());
        byte[] open = Datagrams.encode(new Bye(FROM));
        assertEquals(DatagramSeal.Verdict.MALFORMED, Datagrams.open(ours, open, open.length).verdict());
    }

    @Test
    void a_rightly_tagged_body_that_is_no_discovery_message_is_malformed() {
        byte[] header = {'I', 'W', 'N', 'T', Datagrams.PRIVATE_VERSION, 10, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0};
        DatagramSeal seal = new DatagramSeal(KEY);
        byte[] stop = seal.seal(header, 1, Codec.encode(new ControlRequest.Stop()));
        assertEquals(DatagramSeal.Verdict.MALFORMED, Datagrams.open(seal, stop, stop.length).verdict());
        byte[] garbage = seal.seal(header, 2, new byte[]{(byte) 0xff, 0x7f, 3});
        assertEquals(DatagramSeal.Verdict.MALFORMED, Datagrams.open(seal, garbage, garbage.length).verdict());
        byte[] big = Arrays.copyOf(seal.seal(header, 3, new byte[Datagrams.MAX_DATAGRAM]), Datagrams.MAX_DATAGRAM + 1);
        assertEquals(DatagramSeal.Verdict.MALFORMED, Datagrams.open(seal, big, big.length).verdict());
    }

    @Test
    void mangled_private_datagrams_only_ever_get_a_verdict() {
        Random random = new Random(5);
        DatagramSeal seal = new DatagramSeal(KEY);
        for (int round = 0; round < 2_000; round++) {
            byte[] datagram = Datagrams.seal(ALL.get(random.nextInt(ALL.size())), seal, round, SENDER,
                    random.nextLong());
            int length = random.nextInt(4) == 0 ? random.nextInt(datagram.length) : datagram.length;
            datagram[random.nextInt(datagram.length)] ^= (byte) (1 << random.nextInt(8));
            Datagrams.Opened opened = Datagrams.open(seal, datagram, length);
            assertTrue(opened.verdict() != DatagramSeal.Verdict.OK, "a damaged datagram is never accepted");
        }
    }
}
