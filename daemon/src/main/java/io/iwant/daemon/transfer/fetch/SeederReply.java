package io.iwant.daemon.transfer.fetch;

import io.iwant.protocol.peer.PeerMessage;
import io.iwant.protocol.wire.Codec;
import io.iwant.protocol.wire.ProtocolException;
import io.iwant.daemon.peer.Channel;
import org.zeromq.ZMQ;

import java.nio.ByteBuffer;

/**
 * One reply read from a seeder's DEALER socket, every frame of it consumed: the decoded head (null if it could not
 * be decoded, with {@code unreadable} saying why), the second frame as a buffer (a chunk's bytes travel there;
 * null if there was none), and whether more frames followed than any reply has. Read on the thread that owns the
 * socket.
 */
record SeederReply(PeerMessage message, ByteBuffer data, boolean extraFrames, String unreadable) {
    /**
     * Reads the next reply on {@code socket}, or returns null if none came (within the socket's receive timeout,
     * or at once with {@link ZMQ#DONTWAIT}).
     */
    static SeederReply read(Channel channel, int flags) {
        Channel.Received received = channel.recv(flags);
        if (received == null) {
            return null;
        }
        ByteBuffer data = received.data();
        boolean extra = received.extraFrames();
        try {
            return new SeederReply(Codec.decode(received.head(), PeerMessage.class), data, extra, null);
        } catch (ProtocolException e) {
            return new SeederReply(null, data, extra, e.getMessage());
        }
    }

    /** True if the head could be decoded. */
    boolean readable() {
        return message != null;
    }

    /** True if the reply was the head alone, as every message but a chunk is. */
    boolean single() {
        return data == null && !extraFrames;
    }
}
