package io.iwant.protocol.wire;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Length-prefixed frames for stream transports (the control socket): a 4-byte big-endian length, then that many
 * bytes. The length is checked against a limit before anything is allocated.
 */
public final class Frames {
    /** Upper bound for one control frame. */
    public static final int MAX_CONTROL_FRAME = 8 * 1024 * 1024;

    private Frames() {
    }

    /**
     * Reads one frame.
     *
     * @return the payload, or {@code null} when the stream ended cleanly before a new frame began
     * @throws ProtocolException when the length is negative or over {@code maxBytes}, or the frame is cut short
     */
    public static byte[] read(InputStream in, int maxBytes) throws IOException {
        DataInputStream data = in instanceof DataInputStream d ? d : new DataInputStream(in);
        int first = data.read();
        if (first < 0) {
            return null;
        }
        int length;
        try {
            length = (first << 24) | (data.readUnsignedByte() << 16) | (data.readUnsignedByte() << 8)
                    | data.readUnsignedByte();
        } catch (EOFException e) {
            throw new ProtocolException("truncated frame header");
        }
        if (length < 0 || length > maxBytes) {
            throw new ProtocolException("frame of " + Integer.toUnsignedString(length)
                    + " bytes exceeds the limit of " + maxBytes + " bytes");
        }
        byte[] payload = new byte[length];
        try {
            data.readFully(payload);
        } catch (EOFException e) {
            throw new ProtocolException("truncated frame: expected " + length + " bytes");
        }
        return payload;
    }

    /** Writes one frame and flushes. */
    public static void write(OutputStream out, byte[] payload) throws IOException {
        DataOutputStream data = out instanceof DataOutputStream d ? d : new DataOutputStream(out);
        data.writeInt(payload.length);
        data.write(payload);
        data.flush();
    }
}
