package io.iwant.daemon.peer;

import io.iwant.protocol.hash.ContentHash;
import io.iwant.protocol.hash.Hex;
import io.iwant.protocol.peer.PeerMessage;
import io.iwant.protocol.peer.Transfer;
import io.iwant.protocol.wire.Codec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PeerServerTest {
    private final ZContext context = new ZContext();
    private PeerServer server;

    @AfterEach
    void close() {
        if (server != null) {
            server.close();
        }
        context.close();
    }

    @Test
    void should_answer_a_ping_on_a_free_port_of_the_loopback() {
        server = new PeerServer(context, "127.0.0.1", 0, 2);
        int port = server.start();
        assertTrue(port > 0);
        PeerMessage reply = PeerCall.request(context, "127.0.0.1:" + port, new PeerMessage.Ping(42),
                Duration.ofSeconds(5), "the test peer");
        assertEquals(new PeerMessage.Pong(42), reply);
    }

    @Test
    void should_refuse_garbage_and_unknown_requests_and_keep_serving() {
        server = new PeerServer(context, "127.0.0.1", 0, 2);
        int port = server.start();
        try (ZMQ.Socket dealer = dealer(port)) {
            dealer.send(new byte[] {1, 2, 3, 4, 5}, 0);
            PeerMessage reply = decode(dealer.recv(0));
            assertTrue(((PeerMessage.Refused) reply).reason().startsWith("bad request"), reply.toString());
            dealer.send(Codec.encode(new PeerMessage.Pong(1)), 0);
            assertInstanceOf(PeerMessage.Refused.class, decode(dealer.recv(0)));
            dealer.send(Codec.encode(new PeerMessage.Ping(7)), 0);
            assertEquals(new PeerMessage.Pong(7), decode(dealer.recv(0)));
        }
    }

    @Test
    void should_send_data_as_a_frame_of_its_own() {
        server = new PeerServer(context, "127.0.0.1", 0, 2);
        server.on(PeerMessage.Pong.class, PeerServer.Lane.POOL, (client, request) ->
                new PeerServer.Reply(request, ByteBuffer.wrap(new byte[] {9, 8, 7})));
        int port = server.start();
        try (ZMQ.Socket dealer = dealer(port)) {
            dealer.send(Codec.encode(new PeerMessage.Pong(3)), 0);
            assertEquals(new PeerMessage.Pong(3), decode(dealer.recv(0)));
            assertTrue(dealer.hasReceiveMore());
            assertArrayEquals(new byte[] {9, 8, 7}, dealer.recv(0));
        }
    }

    @Test
    void a_handler_that_answers_nothing_sends_nothing() {
        server = new PeerServer(context, "127.0.0.1", 0, 2);
        // as index sync answers every part of a snapshot but the last
        server.on(PeerMessage.Pong.class, PeerServer.Lane.ORDERED, (client, source, request) ->
                PeerServer.Reply.of(null));
        int port = server.start();
        try (ZMQ.Socket dealer = dealer(port)) {
            dealer.send(Codec.encode(new PeerMessage.Pong(5)), 0);
            dealer.send(Codec.encode(new PeerMessage.Ping(6)), 0);
            assertEquals(new PeerMessage.Pong(6), decode(dealer.recv(0)), "the ping's answer comes first");
        }
    }

    @Test
    void a_sourced_handler_is_told_the_address_the_connection_comes_from() {
        List<String> sources = new CopyOnWriteArrayList<>();
        server = new PeerServer(context, "127.0.0.1", 0, 2);
        server.on(PeerMessage.Pong.class, PeerServer.Lane.ORDERED, (client, source, request) -> {
            sources.add(source.getHostAddress());
            return PeerServer.Reply.of(request);
        });
        int port = server.start();
        try (ZMQ.Socket dealer = dealer(port)) {
            dealer.send(Codec.encode(new PeerMessage.Pong(5)), 0);
            assertEquals(new PeerMessage.Pong(5), decode(dealer.recv(0)));
        }
        assertEquals(List.of("127.0.0.1"), sources);
    }

    @Test
    void a_lent_buffer_comes_back_when_its_reply_or_a_later_one_is_acknowledged() throws InterruptedException {
        List<String> events = new CopyOnWriteArrayList<>();
        int port = startLending(60_000, events);
        try (ZMQ.Socket dealer = dealer(port)) {
            for (int i = 0; i < 3; i++) {
                chunk(dealer, new Transfer.ChunkRequest(HASH, i), i);
            }
            assertEquals(List.of(), events, "nothing is acknowledged yet");
            chunk(dealer, new Transfer.ChunkRequest(HASH, 3, HASH, 99), 3);
            assertEquals(List.of(), events, "a key that was never lent releases nothing");
            chunk(dealer, new Transfer.ChunkRequest(HASH, 4, HASH, 1), 4);
            assertEquals(List.of("release " + HASH + "/0", "release " + HASH + "/1"), events,
                    "the acknowledged reply and the ones sent before it");
        }
        try (ZMQ.Socket other = dealer(port)) {
            chunk(other, new Transfer.ChunkRequest(HASH, 5, HASH, 4), 5);
            assertEquals(2, events.size(), "another connection cannot release the first one's buffers");
        }
    }

    @Test
    void a_lent_buffer_nobody_acknowledges_is_abandoned() throws InterruptedException {
        List<String> events = new CopyOnWriteArrayList<>();
        int port = startLending(200, events);
        try (ZMQ.Socket dealer = dealer(port)) {
            chunk(dealer, new Transfer.ChunkRequest(HASH, 0), 0);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (events.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(List.of("abandon " + HASH + "/0"), events);
    }

    @Test
    void quick_requests_run_on_the_router_thread_until_they_get_slow() {
        // run times are read from a clock the handler moves, so a busy machine cannot make a quick request slow
        AtomicLong clock = new AtomicLong();
        AtomicLong runNanos = new AtomicLong();
        server = new PeerServer(context, "127.0.0.1", 0, 2, PeerServer.LEASE_MILLIS, clock::get, null);
        server.on(PeerMessage.Pong.class, PeerServer.Lane.QUICK, (client, request) -> {
            clock.addAndGet(runNanos.get());
            return new PeerServer.Reply(request, ByteBuffer.wrap(
                    Thread.currentThread().getName().getBytes(StandardCharsets.UTF_8)));
        });
        int port = server.start();
        try (ZMQ.Socket dealer = dealer(port)) {
            Supplier<String> ranOn = () -> {
                dealer.send(Codec.encode(new PeerMessage.Pong(1)), 0);
                decode(dealer.recv(0));
                return new String(dealer.recv(0), StandardCharsets.UTF_8);
            };
            assertEquals("peer-router", ranOn.get());
            assertEquals("peer-router", ranOn.get());
            runNanos.set(30 * PeerServer.QUICK_NANOS);
            List<String> slow = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                slow.add(ranOn.get());
            }
            assertTrue(slow.get(2).startsWith("peer-worker"), "slow requests move to the pool: " + slow);
            runNanos.set(0);
            List<String> quick = new ArrayList<>();
            do {
                quick.add(ranOn.get());
            } while (!quick.get(quick.size() - 1).equals("peer-router") && quick.size() < 40);
            // the mean run time falls by an eighth per quick request: from 10 ms below 1 ms after 18 of them
            assertEquals("peer-router", quick.get(quick.size() - 1), "quick again, back on the router: " + quick);
        }
    }

    private static final String HASH = "ab".repeat(32);

    /** A DEALER connected to the server on {@code port}, waiting at most 5 s for any reply. */
    private ZMQ.Socket dealer(int port) {
        ZMQ.Socket dealer = context.createSocket(SocketType.DEALER);
        dealer.setReceiveTimeOut(5000);
        dealer.connect("tcp://127.0.0.1:" + port);
        return dealer;
    }

    private static PeerServer.Lease lease(String key, List<String> events) {
        return PeerServer.Lease.of(key, () -> events.add("release " + key), () -> events.add("abandon " + key));
    }

    /** A server whose chunk replies lend their buffers, and note what becomes of them in {@code events}. */
    private int startLending(long leaseMillis, List<String> events) {
        server = new PeerServer(context, "127.0.0.1", 0, 2, leaseMillis, System::nanoTime, null);
        server.on(Transfer.ChunkRequest.class, PeerServer.Lane.POOL, (client, request) -> {
            Transfer.ChunkRequest r = (Transfer.ChunkRequest) request;
            return new PeerServer.Reply(new Transfer.ChunkData(r.hash(), r.index(), 1),
                    ByteBuffer.wrap(new byte[] {(byte) r.index()}), lease(Transfer.chunkKey(r.hash(), r.index()), events));
        });
        return server.start();
    }

    private static void chunk(ZMQ.Socket dealer, Transfer.ChunkRequest request, int index) {
        dealer.send(Codec.encode(request), 0);
        assertEquals(new Transfer.ChunkData(request.hash(), index, 1), decode(dealer.recv(0)));
        assertArrayEquals(new byte[] {(byte) index}, dealer.recv(0));
    }

    @Test
    void a_greedy_client_cannot_starve_another() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        server = new PeerServer(context, "127.0.0.1", 0, 1);
        server.on(PeerMessage.Pong.class, PeerServer.Lane.POOL, (client, request) -> {
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return PeerServer.Reply.of(request);
        });
        int port = server.start();
        try (ZMQ.Socket greedy = dealer(port); ZMQ.Socket polite = dealer(port)) {
            for (int i = 0; i < 100; i++) {
                greedy.send(Codec.encode(new PeerMessage.Pong(i)), 0);
            }
            // the greedy client's 65th and later requests are refused, not queued
            PeerMessage.Refused busy = (PeerMessage.Refused) decode(greedy.recv(0));
            assertEquals("busy", busy.reason());
            // every request has been read (and queued or refused) before the first one finishes
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (server.received() < 100) {
                assertTrue(System.nanoTime() < deadline, "read " + server.received() + " of 100 requests");
                Thread.sleep(1);
            }
            polite.send(Codec.encode(new PeerMessage.Pong(1000)), 0);
            release.countDown();
            // the polite client's one request is served after at most one of the greedy client's
            assertEquals(new PeerMessage.Pong(1000), decode(polite.recv(0)));
            List<PeerMessage> rest = new ArrayList<>();
            byte[] frame;
            while (rest.size() < 99 && (frame = greedy.recv(0)) != null) {
                rest.add(decode(frame));
            }
            // 64 waiting (plus one already running if it was dispatched before the rest arrived) were served;
            // the others were refused at once instead of piling up
            long served = rest.stream().filter(m -> m instanceof PeerMessage.Pong).count();
            assertTrue(served == PeerServer.MAX_QUEUED_PER_CLIENT || served == PeerServer.MAX_QUEUED_PER_CLIENT + 1,
                    "served " + served);
            assertEquals(99 - served, rest.stream().filter(m -> m instanceof PeerMessage.Refused).count());
        }
    }

    @Test
    void a_reply_too_large_to_encode_is_refused_in_our_words_and_serving_goes_on() {
        server = new PeerServer(context, "127.0.0.1", 0, 2);
        String hostile = "\u001b]0;owned\u0007";
        server.on(PeerMessage.Pong.class, PeerServer.Lane.POOL, (client, request) -> {
            if (((PeerMessage.Pong) request).token() == 1) {
                throw new IllegalStateException(hostile); // a handler's failure, quoting what a peer sent
            }
            // a reply over the frame limit: the chunk ids of a 600 GiB file (19 MB)
            int chunks = 600 * 1024;
            byte[] ids = new byte[chunks * ContentHash.HASH_BYTES];
            String hash = Hex.encode(ContentHash.merkleRoot(ids));
            return PeerServer.Reply.of(new Transfer.FileMeta(hash, (long) chunks << 20, 1 << 20, ids));
        });
        int port = server.start();
        try (ZMQ.Socket dealer = dealer(port)) {
            dealer.send(Codec.encode(new PeerMessage.Pong(1)), 0);
            PeerMessage.Refused failed = (PeerMessage.Refused) decode(dealer.recv(0));
            assertTrue(!failed.reason().contains("owned") && failed.reason().chars().allMatch(c -> c >= ' '),
                    failed.reason());
            dealer.send(Codec.encode(new PeerMessage.Pong(2)), 0);
            assertInstanceOf(PeerMessage.Refused.class, decode(dealer.recv(0)));
            dealer.send(Codec.encode(new PeerMessage.Ping(3)), 0);
            assertEquals(new PeerMessage.Pong(3), decode(dealer.recv(0)), "the ROUTER thread still serves");
        }
    }

    @Test
    void a_request_over_the_request_limit_costs_its_sender_the_connection_and_nobody_else_anything() {
        server = new PeerServer(context, "127.0.0.1", 0, 2);
        int port = server.start();
        try (ZMQ.Socket big = dealer(port); ZMQ.Socket other = dealer(port)) {
            big.send(new byte[PeerServer.MAX_REQUEST + 1], 0);
            other.send(Codec.encode(new PeerMessage.Ping(5)), 0);
            assertEquals(new PeerMessage.Pong(5), decode(other.recv(0)));
        }
    }

    @Test
    void a_router_thread_that_dies_anyway_is_restarted_on_the_same_port_and_reported() throws Exception {
        io.iwant.daemon.util.Health health = new io.iwant.daemon.util.Health();
        server = new PeerServer(context, "127.0.0.1", 0, 2, health);
        // a quick handler runs on the ROUTER thread; an Error is nothing a message is expected to cause
        server.on(PeerMessage.Pong.class, PeerServer.Lane.QUICK, (client, request) -> {
            throw new AssertionError("a bug nobody caught");
        });
        int port = server.start();
        try (ZMQ.Socket dealer = dealer(port)) {
            dealer.send(Codec.encode(new PeerMessage.Pong(1)), 0);
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (health.parts().get(0).restarts() == 0) {
                assertTrue(System.nanoTime() < deadline, "the death is reported");
                Thread.sleep(10);
            }
        }
        assertEquals(io.iwant.protocol.control.ControlReply.PartState.RESTARTED, health.parts().get(0).state());
        PeerMessage reply = PeerCall.request(context, "127.0.0.1:" + port, new PeerMessage.Ping(9),
                Duration.ofSeconds(10), "the restarted peer");
        assertEquals(new PeerMessage.Pong(9), reply, "served again on the same port");
        assertEquals(port, server.port());
    }

    private static PeerMessage decode(byte[] frame) {
        try {
            return Codec.decode(frame, PeerMessage.class);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
