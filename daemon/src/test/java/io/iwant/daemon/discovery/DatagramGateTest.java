package io.iwant.daemon.discovery;

import io.iwant.protocol.discovery.Beacon;
import io.iwant.protocol.discovery.Bye;
import io.iwant.protocol.discovery.Datagrams;
import io.iwant.protocol.discovery.DiscoveryMessage;
import io.iwant.protocol.discovery.PeerStamp;
import io.iwant.protocol.discovery.Ping;
import io.iwant.protocol.discovery.Pong;
import io.iwant.protocol.secure.NetworkKey;
import io.iwant.protocol.wire.Limits;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** What gets through to the node, byte for byte; no socket involved. */
class DatagramGateTest {
    private static final NetworkKey KEY = NetworkKey.generate();
    private static final InetSocketAddress B_SOURCE = new InetSocketAddress("10.77.0.2", 40_002);
    private static final InetSocketAddress EVIL_SOURCE = new InetSocketAddress("10.77.0.66", 40_066);
    private static final long SELF = 777;
    private static final long NOW = 5_000_000;
    private static final PeerStamp B = new PeerStamp("peer-b", 22, 60_000);
    private static final Beacon BEACON = new Beacon(B, 7379, "peer-b", 3);

    private final DatagramWriter b = DatagramWriter.of(KEY, B_SOURCE);
    private final DatagramGate gate = DatagramGate.of(KEY, SELF);

    private DatagramGate.Result pass(byte[] datagram, InetSocketAddress source) {
        return gate.pass(datagram, datagram.length, source, NOW);
    }

    private static DatagramGate.Result admitted(DiscoveryMessage message) {
        return new DatagramGate.Admitted(message);
    }

    private static DatagramGate.Result refused(Refusal.Reason reason) {
        return new DatagramGate.Refused(reason);
    }

    @Test
    void a_peer_with_the_same_key_gets_through_and_each_datagram_once() {
        byte[] beacon = b.toGroup(BEACON);
        assertEquals(admitted(BEACON), pass(beacon, B_SOURCE));
        assertEquals(DatagramGate.Ignored.DUPLICATE, pass(beacon, B_SOURCE), "an exact replay changes nothing");
        byte[] next = b.toGroup(BEACON);
        assertEquals(admitted(BEACON), pass(next, B_SOURCE), "the same message again, in a new datagram");
    }

    @Test
    void the_writer_counts_from_one_and_copies_of_a_message_to_everyone_share_its_counter() {
        byte[] group = b.toGroup(BEACON);
        byte[] copy = b.copy(BEACON.asDirect());
        byte[] ping = b.toPeer(SELF, new Ping(B, 1));
        assertEquals(1, counter(group));
        assertEquals(1, counter(copy));
        assertEquals(2, counter(ping));
        assertEquals(admitted(BEACON), pass(group, B_SOURCE));
        assertEquals(admitted(BEACON.asDirect()), pass(copy, B_SOURCE), "the copy to a configured peer also counts");
        assertEquals(DatagramGate.Ignored.DUPLICATE, pass(b.copy(BEACON), B_SOURCE),
                "a plain copy heard beside the group's is the same message");
    }

    @Test
    void other_networks_open_peers_and_forgeries_are_refused_before_anything_is_decoded() {
        DatagramWriter other = DatagramWriter.of(NetworkKey.generate(), B_SOURCE);
        assertEquals(refused(Refusal.Reason.OTHER_NETWORK), pass(other.toGroup(BEACON), B_SOURCE));
        assertEquals(refused(Refusal.Reason.OPEN_PEER), pass(Datagrams.encode(BEACON), B_SOURCE));
        byte[] forged = b.toGroup(new Bye(B));
        forged[forged.length - 1] ^= 1;
        assertEquals(refused(Refusal.Reason.FORGED), pass(forged, B_SOURCE));
        byte[] changed = b.toGroup(new Beacon(B, 7379, "peer-b", 3));
        changed[changed.length - 20] ^= 1; // a bit of the body: the term, say
        assertEquals(refused(Refusal.Reason.FORGED), pass(changed, B_SOURCE));
        byte[] cut = b.toGroup(BEACON);
        assertEquals(refused(Refusal.Reason.FORGED), gate.pass(cut, cut.length - 1, B_SOURCE, NOW));
        assertEquals(DatagramGate.Ignored.MALFORMED, gate.pass(cut, 30, B_SOURCE, NOW));
        byte[] http = "GET / HTTP/1.0\r\n\r\n".getBytes();
        assertEquals(DatagramGate.Ignored.FOREIGN, pass(http, B_SOURCE));
        byte[] future = Arrays.copyOf(cut, cut.length);
        future[4] = 3;
        assertEquals(DatagramGate.Ignored.FOREIGN, pass(future, B_SOURCE));
    }

    @Test
    void an_open_peer_refuses_private_datagrams_unread_and_lets_open_ones_in() {
        DatagramGate open = DatagramGate.of(null, SELF);
        byte[] sealed = b.toGroup(BEACON);
        assertEquals(refused(Refusal.Reason.PRIVATE_PEER), open.pass(sealed, sealed.length, B_SOURCE, NOW));
        byte[] plain = DatagramWriter.of(null, B_SOURCE).toGroup(BEACON);
        assertArrayEquals(Datagrams.encode(BEACON), plain);
        assertEquals(admitted(BEACON), open.pass(plain, plain.length, B_SOURCE, NOW));
        assertEquals(admitted(BEACON), open.pass(plain, plain.length, B_SOURCE, NOW), "no counters without a key");
        byte[] broken = Arrays.copyOf(plain, plain.length - 3);
        assertEquals(DatagramGate.Ignored.MALFORMED, open.pass(broken, broken.length, B_SOURCE, NOW));
    }

    @Test
    void a_datagram_resent_from_another_address_or_meant_for_another_peer_is_a_replay() {
        byte[] beacon = b.toGroup(BEACON);
        assertEquals(refused(Refusal.Reason.REPLAYED), pass(beacon, EVIL_SOURCE), "captured and resent");
        assertEquals(refused(Refusal.Reason.REPLAYED), pass(beacon, new InetSocketAddress("10.77.0.2", 40_003)),
                "another port of the same host");
        assertEquals(admitted(BEACON), pass(beacon, B_SOURCE), "the original still counts after the replay");

        Pong pong = new Pong(B, 41, "peer-b", 3, 99);
        assertEquals(refused(Refusal.Reason.REPLAYED), pass(b.toPeer(SELF + 1, pong), B_SOURCE),
                "a pong to another peer (or to an earlier incarnation of this one)");
        assertEquals(admitted(pong), pass(b.toPeer(SELF, pong), B_SOURCE));
    }

    @Test
    void a_datagram_of_the_same_peer_too_late_by_its_uptime_does_not_count() {
        byte[] first = b.toGroup(BEACON);
        assertEquals(admitted(BEACON), pass(first, B_SOURCE));
        Beacon later = new Beacon(new PeerStamp("peer-b", 22, 60_500), 7379, "peer-b", 3);
        byte[] delayed = b.toGroup(later);
        assertEquals(DatagramGate.Ignored.DUPLICATE, gate.pass(delayed, delayed.length, B_SOURCE,
                NOW + 500 + DatagramGate.MAX_LATE_MILLIS + 1));
    }

    @Test
    void the_worst_values_a_key_holder_can_seal_still_pass_or_fail_cleanly() {
        PeerStamp worst = new PeerStamp("~".repeat(PeerStamp.MAX_PEER_ID), Long.MIN_VALUE, Limits.MAX_UPTIME_MILLIS);
        Beacon beacon = new Beacon(worst, 65535, "~".repeat(PeerStamp.MAX_PEER_ID), Limits.MAX_TERM, true);
        byte[] datagram = b.toGroup(beacon);
        assertEquals(admitted(beacon), pass(datagram, B_SOURCE));
        assertEquals(DatagramGate.Ignored.DUPLICATE, pass(datagram, B_SOURCE));
    }

    private static long counter(byte[] datagram) {
        return ByteBuffer.wrap(datagram, 23, 8).getLong(); // after magic, version, sender, recipient and key id
    }
}
