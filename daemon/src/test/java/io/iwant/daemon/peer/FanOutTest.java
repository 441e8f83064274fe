package io.iwant.daemon.peer;

import io.iwant.protocol.peer.PeerMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.zeromq.ZContext;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One question to several peers: the answers that come in time, and nothing from a peer that is not there. */
class FanOutTest {
    private final LoopbackServers peers = new LoopbackServers();
    private final ZContext context = peers.context;

    @AfterEach
    void close() {
        peers.close();
    }

    private String server() {
        return peers.start(server -> { });
    }

    @Test
    void every_peer_that_answers_in_time_is_heard_and_the_wait_ends_when_all_have() {
        String a = server();
        String b = server();
        long start = System.nanoTime();
        try (FanOut fanOut = FanOut.send(context, List.of(a, b), new PeerMessage.Ping(7), Duration.ofSeconds(5))) {
            Map<String, PeerMessage> replies = fanOut.collect(start + Duration.ofSeconds(5).toNanos());
            assertEquals(Map.of(a, new PeerMessage.Pong(7), b, new PeerMessage.Pong(7)), replies);
        }
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(4).toNanos(), "did not wait for the deadline");
    }

    @Test
    void a_peer_that_is_not_there_is_left_out_once_the_deadline_passes() {
        String a = server();
        String nobody = "127.0.0.1:1";
        long start = System.nanoTime();
        try (FanOut fanOut = FanOut.send(context, List.of(nobody, a), new PeerMessage.Ping(3),
                Duration.ofMillis(500))) {
            Map<String, PeerMessage> replies = fanOut.collect(start + Duration.ofMillis(500).toNanos());
            assertEquals(Map.of(a, new PeerMessage.Pong(3)), replies);
        }
        assertTrue(System.nanoTime() - start >= Duration.ofMillis(500).toNanos(), "waited for the missing peer");
    }
}
