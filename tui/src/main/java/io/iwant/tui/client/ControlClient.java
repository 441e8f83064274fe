package io.iwant.tui.client;

import io.iwant.protocol.UserError;
import io.iwant.protocol.control.ControlReply;
import io.iwant.protocol.control.ControlRequest;
import io.iwant.protocol.home.Home;
import io.iwant.protocol.wire.Codec;
import io.iwant.protocol.wire.Frames;
import io.iwant.protocol.wire.ProtocolException;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;

/**
 * One connection to the daemon's control socket. Requests and replies are Kryo messages in length-prefixed
 * frames. Not thread-safe: one caller at a time.
 */
public final class ControlClient implements AutoCloseable {
    public static final String NOT_RUNNING = "iwant daemon is not running (start it with: iwanto start)";

    private final SocketChannel channel;
    private final InputStream in;
    private final OutputStream out;

    private ControlClient(SocketChannel channel) {
        this.channel = channel;
        this.in = new BufferedInputStream(Channels.newInputStream(channel));
        this.out = new BufferedOutputStream(Channels.newOutputStream(channel));
    }

    /** Connects to the daemon of this home, or throws a {@link UserError} with exit code 3. */
    public static ControlClient connect(Home home) {
        if (!Files.exists(home.controlSocket())) {
            throw new UserError(UserError.NO_DAEMON, NOT_RUNNING);
        }
        SocketChannel channel = null;
        try {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            channel.connect(UnixDomainSocketAddress.of(home.controlSocket()));
            return new ControlClient(channel);
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            throw new UserError(UserError.NO_DAEMON, NOT_RUNNING, e);
        }
    }

    /** Sends one request and returns its single reply; a {@link ControlReply.Failed} becomes a {@link UserError}. */
    public static ControlReply call(Home home, ControlRequest request) {
        try (ControlClient client = connect(home)) {
            client.send(request);
            return client.receive();
        }
    }

    public void send(ControlRequest request) {
        try {
            Frames.write(out, Codec.encode(request));
        } catch (IOException e) {
            throw lost(e);
        }
    }

    /** The next reply; throws {@link UserError} for a failure reply or a lost connection. */
    public ControlReply receive() {
        ControlReply reply = receiveRaw();
        if (reply instanceof ControlReply.Failed failed) {
            throw new UserError(failed.exitCode(), failed.message());
        }
        return reply;
    }

    /** The next reply as it came, failures included. */
    public ControlReply receiveRaw() {
        try {
            byte[] frame = Frames.read(in, Frames.MAX_CONTROL_FRAME);
            if (frame == null) {
                throw new UserError(UserError.FAILED, "the iwant daemon closed the connection (see its log)");
            }
            return Codec.decode(frame, ControlReply.class);
        } catch (ProtocolException e) {
            throw new UserError(UserError.FAILED, "the iwant daemon sent an unreadable reply: " + e.getMessage(), e);
        } catch (IOException e) {
            throw lost(e);
        }
    }

    private static UserError lost(IOException e) {
        return new UserError(UserError.FAILED, "lost the connection to the iwant daemon (see its log)", e);
    }

    @Override
    public void close() {
        closeQuietly(channel);
    }

    private static void closeQuietly(SocketChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing left to do
            }
        }
    }
}
