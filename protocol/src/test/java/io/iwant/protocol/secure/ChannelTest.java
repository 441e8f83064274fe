package io.iwant.protocol.secure;

import io.iwant.protocol.peer.PeerMessage;
import io.iwant.protocol.wire.Codec;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChannelTest {
    private final NetworkKey key = NetworkKey.generate();
    private final PeerKey serverKey = PeerKey.generate();
    private final PeerKey clientKey = PeerKey.generate();
    private final ServerChannels server = new ServerChannels(key, serverKey, 8);

    private ClientChannel connect(String client) throws SecureException {
        ClientChannel channel = new ClientChannel(key, clientKey);
        ServerChannels.Answer welcome = assertInstanceOf(ServerChannels.Answer.class,
                server.receive(client, channel.hello(), false));
        assertEquals(Frames.WELCOME, Frames.type(welcome.frame()));
        channel.welcome(welcome.frame());
        return channel;
    }

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void should_carry_requests_and_replies_with_data_both_ways_and_prove_both_peers() throws Exception {
        ClientChannel channel = connect("c1");
        assertArrayEquals(serverKey.publicBytes(), channel.session().remoteStatic());
        for (int i = 0; i < 3; i++) {
            Session.Sealed request = channel.seal(text("request " + i), null);
            assertFalse(new String(request.head(), StandardCharsets.ISO_8859_1).contains("request"));
            ServerChannels.Request got = assertInstanceOf(ServerChannels.Request.class,
                    server.receive("c1", request.head(), false));
            assertArrayEquals(text("request " + i), got.message());
            assertArrayEquals(clientKey.publicBytes(), server.peerKey("c1"));

            byte[] chunk = new byte[(1 << 20) + i];
            new Random(i).nextBytes(chunk);
            Session.Sealed reply = server.seal("c1", text("chunk " + i), ByteBuffer.wrap(chunk));
            ByteBuffer received = ByteBuffer.allocateDirect(reply.data().length);
            received.put(reply.data()).flip();
            Session.Opened opened = channel.session().open(reply.head(), received);
            assertArrayEquals(text("chunk " + i), opened.message());
            byte[] plain = new byte[opened.data().remaining()];
            opened.data().get(plain);
            assertArrayEquals(chunk, plain);
        }
    }

    @Test
    void should_refuse_replays_tampering_swapped_data_and_missing_frames() throws Exception {
        ClientChannel channel = connect("c1");
        Session.Sealed first = channel.seal(text("one"), null);
        assertInstanceOf(ServerChannels.Request.class, server.receive("c1", first.head(), false));
        assertInstanceOf(ServerChannels.Drop.class, server.receive("c1", first.head(), false), "a replay");

        Session.Sealed second = channel.seal(text("two"), null);
        for (int i = 0; i < second.head().length; i++) {
            byte[] flipped = second.head().clone();
            flipped[i] ^= 0x10;
            ServerChannels.Incoming in = server.receive("c1", flipped, false);
            assertFalse(in instanceof ServerChannels.Request, "byte " + i + " flipped was accepted");
        }
        assertInstanceOf(ServerChannels.Request.class, server.receive("c1", second.head(), false));

        Session.Sealed a = server.seal("c1", text("a"), ByteBuffer.wrap(new byte[100]));
        Session.Sealed b = server.seal("c1", text("b"), ByteBuffer.wrap(new byte[100]));
        Session client = channel.session();
        // data frames are opened in place, and a failed open may leave its buffer scribbled on (Java 25 does): a copy
        assertThrows(SecureException.class, () -> client.open(a.head(), ByteBuffer.wrap(b.data().clone())),
                "swapped");
        assertThrows(SecureException.class, () -> client.open(a.head(), null), "data frame dropped");
        Session.Sealed c = server.seal("c1", text("c"), null);
        assertThrows(SecureException.class, () -> client.open(c.head(), ByteBuffer.wrap(new byte[32])), "added");
        assertArrayEquals(text("b"), client.open(b.head(), ByteBuffer.wrap(b.data())).message());
        assertThrows(SecureException.class, () -> client.open(a.head(), ByteBuffer.wrap(a.data())), "older");
    }

    @Test
    void should_refuse_a_stranger_an_open_peer_and_a_replayed_hello_without_serving_them() throws Exception {
        ClientChannel stranger = new ClientChannel(NetworkKey.generate(), clientKey);
        ServerChannels.Answer refused = assertInstanceOf(ServerChannels.Answer.class,
                server.receive("s", stranger.hello(), false));
        assertEquals(Frames.REFUSED, Frames.type(refused.frame()));
        assertTrue(ClientChannel.reason(refused.frame()).contains("network keys differ"));
        assertEquals(0, server.sessions());

        ServerChannels.Answer plain = assertInstanceOf(ServerChannels.Answer.class,
                server.receive("o", Codec.encode(new PeerMessage.Ping(7)), false));
        PeerMessage.Refused answer = (PeerMessage.Refused) Codec.decode(plain.frame(), PeerMessage.class);
        assertTrue(answer.reason().contains("private network"), answer.reason());

        ClientChannel member = new ClientChannel(key, clientKey);
        byte[] hello = member.hello();
        assertInstanceOf(ServerChannels.Answer.class, server.receive("m", hello, false));
        assertInstanceOf(ServerChannels.Drop.class, server.receive("x", hello, false), "the same hello again");

        // a member's client facing a server of another network cannot be fooled into a session
        ServerChannels other = new ServerChannels(NetworkKey.generate(), serverKey, 8);
        ClientChannel lost = new ClientChannel(key, clientKey);
        ServerChannels.Answer otherAnswer = (ServerChannels.Answer) other.receive("l", lost.hello(), false);
        assertEquals(Frames.REFUSED, Frames.type(otherAnswer.frame()));
    }

    @Test
    void should_not_let_a_man_in_the_middle_with_the_network_key_but_not_the_ephemeral_keys_in() throws Exception {
        ClientChannel channel = new ClientChannel(key, clientKey);
        byte[] hello = channel.hello();
        ServerChannels.Answer welcome = (ServerChannels.Answer) server.receive("c", hello, false);
        byte[] forged = welcome.frame().clone();
        forged[Frames.SESSION_AT + Frames.SESSION_ID] ^= 1; // another ephemeral key
        assertThrows(SecureException.class, () -> channel.welcome(forged));
        ClientChannel second = new ClientChannel(key, clientKey);
        second.hello();
        assertThrows(SecureException.class, () -> second.welcome(welcome.frame()), "a welcome to another hello");
    }

    @Test
    void should_warm_up_without_error() {
        Session.warmUp(); // throws if what it seals does not open
    }

    @Test
    void should_forget_the_least_recently_used_session_and_say_so_to_its_client() throws Exception {
        ClientChannel oldest = connect("c0");
        for (int i = 1; i <= 8; i++) {
            connect("c" + i);
        }
        assertEquals(8, server.sessions());
        ServerChannels.Answer unknown = assertInstanceOf(ServerChannels.Answer.class,
                server.receive("c0", oldest.seal(text("hi"), null).head(), false));
        assertEquals(Frames.UNKNOWN, Frames.type(unknown.frame()));
        assertTrue(oldest.current(unknown.frame()));
        assertEquals(null, server.seal("c0", text("never in the clear"), null));
    }
}
