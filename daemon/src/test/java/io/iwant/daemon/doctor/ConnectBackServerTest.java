package io.iwant.daemon.doctor;

import io.iwant.daemon.peer.LoopbackServers;
import io.iwant.daemon.peer.PeerCall;
import io.iwant.daemon.peer.PeerContext;
import io.iwant.daemon.peer.PeerServer;
import io.iwant.protocol.UserError;
import io.iwant.protocol.peer.PeerMessage;
import io.iwant.protocol.secure.NetworkKey;
import io.iwant.protocol.secure.PeerKey;
import io.iwant.protocol.secure.Session;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.zeromq.ZContext;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Connect-back from the outside: a member is told whether its peer port can be reached; nobody can aim it anywhere
 * but at itself, and nobody can make it run faster than the limit.
 */
class ConnectBackServerTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private final LoopbackServers servers = new LoopbackServers();
    private final Map<String, InetSocketAddress> members = new HashMap<>();
    private final AtomicLong now = new AtomicLong(1_000);
    private ZContext privateContext;
    private PeerServer privateServer;

    @AfterEach
    void tearDown() {
        if (privateServer != null) {
            privateServer.close();
        }
        servers.close();
        if (privateContext != null) {
            privateContext.close();
        }
    }

    /** Connect-back with a short timeout, to see it bounded. */
    private ConnectBackServer handler(ZContext context) {
        return handler(context, Duration.ofMillis(700));
    }

    private ConnectBackServer handler(ZContext context, Duration timeout) {
        return new ConnectBackServer(context, id -> Optional.ofNullable(members.get(id)), "0.1.0", now::get,
                timeout);
    }

    /** The asked peer's endpoint, with connect-back on it. */
    private String askedPeer() {
        return servers.start(handler(servers.context)::register);
    }

    /** A member's own peer socket (it answers pings); its port. */
    private int memberSocket() {
        String endpoint = servers.start(server -> { });
        return Integer.parseInt(endpoint.substring(endpoint.indexOf(':') + 1));
    }

    private PeerMessage ask(ZContext context, String endpoint, String peerId) {
        return PeerCall.request(context, endpoint, new PeerMessage.ConnectBack(peerId), Duration.ofSeconds(5),
                "the asked peer");
    }

    @Test
    void a_member_whose_port_answers_is_told_it_was_reached_with_the_peers_protocol_and_version() {
        String asked = askedPeer();
        members.put("peer-a", new InetSocketAddress(LOOPBACK, memberSocket()));
        PeerMessage.ConnectedBack reply = assertInstanceOf(PeerMessage.ConnectedBack.class,
                ask(servers.context, asked, "peer-a"));
        assertTrue(reply.reached(), reply.toString());
        assertEquals(PeerMessage.PROTOCOL, reply.protocol());
        assertEquals("0.1.0", reply.version());
    }

    @Test
    void a_member_whose_port_is_closed_is_told_so_within_the_bounded_time() throws Exception {
        String asked = askedPeer();
        int closed;
        try (ServerSocket free = new ServerSocket(0, 1, LOOPBACK)) {
            closed = free.getLocalPort();
        }
        members.put("peer-a", new InetSocketAddress(LOOPBACK, closed));
        long start = System.nanoTime();
        PeerMessage.ConnectedBack reply = assertInstanceOf(PeerMessage.ConnectedBack.class,
                ask(servers.context, asked, "peer-a"));
        assertFalse(reply.reached());
        assertTrue(reply.reason().contains("nothing answered at 127.0.0.1:" + closed), reply.reason());
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(4).toNanos(), "bounded by the 700 ms timeout");
    }

    @Test
    void a_stranger_is_refused_and_nothing_is_connected() {
        String asked = askedPeer();
        PeerMessage.Refused reply = assertInstanceOf(PeerMessage.Refused.class,
                ask(servers.context, asked, "peer-x"));
        assertTrue(reply.reason().startsWith("this peer connects back only to a member it knows"), reply.reason());
    }

    @Test
    void naming_another_member_at_another_address_cannot_aim_the_connection_there() throws Exception {
        String asked = askedPeer();
        try (ServerSocket victim = new ServerSocket(0, 8, InetAddress.getByName("127.0.0.2"))) {
            members.put("peer-c", new InetSocketAddress(victim.getInetAddress(), victim.getLocalPort()));
            PeerMessage.Refused reply = assertInstanceOf(PeerMessage.Refused.class,
                    ask(servers.context, asked, "peer-c"));
            assertFalse(reply.retry());
            victim.setSoTimeout(300); // a connect-back would have connected before the answer came
            assertThrows(SocketTimeoutException.class, victim::accept, "nothing connected to the victim");
        }
    }

    @Test
    void a_member_without_a_known_peer_port_is_asked_to_come_back_later() {
        String asked = askedPeer();
        members.put("peer-a", new InetSocketAddress(LOOPBACK, 0));
        PeerMessage.Refused reply = assertInstanceOf(PeerMessage.Refused.class, ask(servers.context, asked, "peer-a"));
        assertTrue(reply.retry());
    }

    @Test
    void asking_again_at_once_is_refused_until_the_interval_has_passed() {
        String asked = askedPeer();
        members.put("peer-a", new InetSocketAddress(LOOPBACK, memberSocket()));
        assertInstanceOf(PeerMessage.ConnectedBack.class, ask(servers.context, asked, "peer-a"));
        for (int i = 0; i < 20; i++) {
            PeerMessage.Refused again = assertInstanceOf(PeerMessage.Refused.class,
                    ask(servers.context, asked, "peer-a"));
            assertTrue(again.reason().startsWith("asked again too soon"), again.reason());
        }
        now.addAndGet(ConnectBackLimit.INTERVAL_MILLIS);
        assertInstanceOf(PeerMessage.ConnectedBack.class, ask(servers.context, asked, "peer-a"));
    }

    @Test
    void in_a_private_network_the_connect_back_goes_over_the_encrypted_channel_and_strangers_get_nothing() {
        Session.warmUp(); // as a private daemon does at start: its first connections are not slowed by a cold JIT
        NetworkKey key = NetworkKey.generate();
        privateContext = new PeerContext(key, PeerKey.generate());
        privateServer = new PeerServer(privateContext, "127.0.0.1", 0, 2);
        handler(privateContext, Duration.ofSeconds(10)).register(privateServer); // what is tested here is the channel, not the time
        String asked = "127.0.0.1:" + privateServer.start();
        try (PeerContext member = new PeerContext(key, PeerKey.generate())) {
            PeerServer own = new PeerServer(member, "127.0.0.1", 0, 2);
            try {
                members.put("peer-a", new InetSocketAddress(LOOPBACK, own.start()));
                PeerMessage.ConnectedBack reply = assertInstanceOf(PeerMessage.ConnectedBack.class,
                        ask(member, asked, "peer-a"));
                assertTrue(reply.reached(), reply.toString());
            } finally {
                own.close();
            }
        }
        now.addAndGet(ConnectBackLimit.INTERVAL_MILLIS);
        PeerMessage plain;
        try {
            plain = ask(servers.context, asked, "peer-a"); // no key: the channel refuses before any handler runs
        } catch (UserError e) {
            plain = null;
        }
        assertFalse(plain instanceof PeerMessage.ConnectedBack, String.valueOf(plain));
    }
}
