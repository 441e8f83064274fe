package io.iwant.daemon.peer;

import io.iwant.protocol.peer.PeerMessage;
import io.iwant.protocol.peer.Transfer;
import io.iwant.protocol.secure.NetworkKey;
import io.iwant.protocol.secure.PeerKey;
import io.iwant.protocol.wire.Codec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.zeromq.ZContext;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The peer socket of a private network, from the outside: members are served, everyone else is refused. */
class PrivateChannelTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private final NetworkKey key = NetworkKey.generate();
    private final List<AutoCloseable> open = new ArrayList<>();
    private final byte[] chunk = new byte[1 << 20];

    @AfterEach
    void tearDown() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private <T extends AutoCloseable> T keep(T closeable) {
        open.add(closeable);
        return closeable;
    }

    private String server(ZContext context) {
        new Random(1).nextBytes(chunk);
        PeerServer server = new PeerServer(context, "127.0.0.1", 0, 2);
        server.on(Transfer.ChunkRequest.class, PeerServer.Lane.POOL, (client, request) -> {
            Transfer.ChunkRequest r = (Transfer.ChunkRequest) request;
            return new PeerServer.Reply(new Transfer.ChunkData(r.hash(), r.index(), chunk.length),
                    ByteBuffer.wrap(chunk));
        });
        keep(server);
        return "127.0.0.1:" + server.start();
    }

    private PeerContext member() {
        return keep(new PeerContext(key, PeerKey.generate()));
    }

    /**
     * One request on a fresh connection, asked again until a deadline when nothing comes back: JeroMQ 0.6.0 now and
     * then loses a new connection's first message (about 1 in 150 here, open or private alike).
     */
    private static PeerMessage call(ZContext context, String endpoint, PeerMessage request) {
        long deadline = System.nanoTime() + 4 * TIMEOUT.toNanos();
        while (true) {
            try {
                return PeerCall.request(context, endpoint, request, Duration.ofSeconds(2), "the server");
            } catch (io.iwant.protocol.UserError e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
        }
    }

    private static String reason(PeerMessage reply) {
        return assertInstanceOf(PeerMessage.Refused.class, reply).reason();
    }

    @Test
    void should_serve_a_member_pings_and_sealed_chunks_on_one_connection() {
        String endpoint = server(member());
        PeerContext client = member();
        assertEquals(new PeerMessage.Pong(7), call(client, endpoint, new PeerMessage.Ping(7)));

        Channel channel = PeerCall.dealer(client, endpoint, Duration.ofSeconds(2));
        try {
            assertInstanceOf(PeerMessage.Pong.class, pingUntilAnswered(channel));
            String hash = "ab".repeat(32);
            for (int i = 0; i < 5; i++) {
                assertTrue(channel.send(Codec.encode(new Transfer.ChunkRequest(hash, i, "", -1)), 0));
            }
            java.util.Set<Integer> indices = new java.util.TreeSet<>();
            for (int i = 0; i < 5; i++) {
                Channel.Received received = channel.recv(0);
                assertNotNull(received, "chunk " + i);
                Transfer.ChunkData data = assertInstanceOf(Transfer.ChunkData.class,
                        assertDoesDecode(received.head()));
                assertEquals(chunk.length, data.length());
                indices.add(data.index()); // the pool's two workers may answer out of order
                byte[] bytes = new byte[received.data().remaining()];
                received.data().get(bytes);
                assertArrayEquals(chunk, bytes);
            }
            assertEquals(java.util.Set.of(0, 1, 2, 3, 4), indices);
        } finally {
            client.destroySocket(channel.socket());
        }
    }

    /** A new member's server on {@code port}, bound as soon as the old one's socket has let the port go. */
    private void startOn(int port) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            PeerServer server = new PeerServer(member(), "127.0.0.1", port, 2);
            try {
                server.start();
                keep(server);
                return;
            } catch (IllegalStateException e) {
                server.close();
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.onSpinWait();
            }
        }
    }

    /** Pings on {@code channel} until a Pong comes back or a deadline passes; the last answer (null: none). */
    private static PeerMessage pingUntilAnswered(Channel channel) {
        PeerMessage answer = null;
        long deadline = System.nanoTime() + 4 * TIMEOUT.toNanos();
        for (long token = 1; System.nanoTime() < deadline && !(answer instanceof PeerMessage.Pong); token++) {
            assertTrue(channel.send(Codec.encode(new PeerMessage.Ping(token)), 0));
            Channel.Received received = channel.recv(0);
            answer = received == null ? null : assertDoesDecode(received.head());
        }
        return answer;
    }

    private static PeerMessage assertDoesDecode(byte[] head) {
        try {
            return Codec.decode(head, PeerMessage.class);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void should_refuse_a_wrong_key_an_open_peer_and_tell_a_member_that_an_open_server_is_not_one() {
        String endpoint = server(member());
        PeerContext stranger = keep(new PeerContext(NetworkKey.generate(), PeerKey.generate()));
        assertTrue(reason(call(stranger, endpoint, new PeerMessage.Ping(1)))
                .contains("network keys differ"));
        ZContext openPeer = keep(new ZContext());
        assertTrue(reason(call(openPeer, endpoint, new PeerMessage.Ping(2)))
                .contains("private network"));

        String openServer = server(keep(new ZContext()));
        assertTrue(reason(call(member(), openServer, new PeerMessage.Ping(3)))
                .contains("not in this private network"));
    }

    @Test
    void should_ask_several_members_at_once() {
        PeerContext client = member();
        List<String> endpoints = List.of(server(member()), server(member()));
        try (FanOut fanOut = FanOut.send(client, endpoints, new PeerMessage.Ping(9), TIMEOUT)) {
            Map<String, PeerMessage> replies = fanOut.collect(System.nanoTime() + TIMEOUT.toNanos());
            assertEquals(2, replies.size(), replies.toString());
            replies.values().forEach(r -> assertEquals(new PeerMessage.Pong(9), r));
        }
    }

    @Test
    void should_make_a_new_session_when_the_server_restarted_and_forgot_the_old_one() {
        PeerContext serverContext = member();
        PeerServer first = new PeerServer(serverContext, "127.0.0.1", 0, 2);
        int port = first.start();
        String endpoint = "127.0.0.1:" + port;
        PeerContext client = member();
        Channel channel = PeerCall.dealer(client, endpoint, Duration.ofSeconds(2));
        try {
            assertInstanceOf(PeerMessage.Pong.class, pingUntilAnswered(channel));
            first.close();
            startOn(port); // the same port: the client's socket reconnects to the new server
            // the old session is unknown there: the channel says so once, then makes a new one
            PeerMessage answer = pingUntilAnswered(channel);
            assertInstanceOf(PeerMessage.Pong.class, answer);
        } finally {
            client.destroySocket(channel.socket());
        }
    }
}
