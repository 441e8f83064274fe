package io.iwant.daemon;

import io.iwant.protocol.control.ControlReply;
import io.iwant.protocol.control.ControlRequest;
import io.iwant.protocol.home.Home;
import io.iwant.protocol.wire.Codec;
import io.iwant.protocol.wire.Frames;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;

/** A bare control-socket client for tests: the real socket, the real frames and codec. */
public final class TestControl {
    private TestControl() {
    }

    public static ControlReply call(Home home, ControlRequest request) throws IOException {
        return exchange(home, Codec.encode(request));
    }

    public static ControlReply exchange(Home home, byte[] payload) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(home.controlSocket()));
            OutputStream out = Channels.newOutputStream(channel);
            InputStream in = Channels.newInputStream(channel);
            Frames.write(out, payload);
            return Codec.decode(Frames.read(in, Frames.MAX_CONTROL_FRAME), ControlReply.class);
        }
    }
}
