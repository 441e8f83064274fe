package io.iwant.tui.cli;

import io.iwant.protocol.control.ControlReply;
import io.iwant.protocol.control.ControlRequest;
import io.iwant.protocol.wire.Codec;
import io.iwant.protocol.wire.ProtocolException;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A training run for the class-data-sharing archive that the launcher ({@code bin/iwanto}, which
 * {@code scripts/iwanto} runs too) makes once per jar and Java in the user's cache: it walks the code paths of the
 * one-shot commands (command-line parsing, help, the codec, JSON) without a daemon, so the classes they load are
 * archived.
 */
public final class Training {
    private Training() {
    }

    public static void main(String[] args) throws ProtocolException {
        PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        for (String[] line : List.of(new String[] {"--help"}, new String[] {"view", "config", "--help"},
                new String[] {"--home", "/nonexistent/iwant-training", "status", "--json"},
                new String[] {"--home", "/nonexistent/iwant-training", "view", "config", "--json"},
                new String[] {"download", "xyz"})) {
            Iwanto.run(line, sink, sink);
        }
        ControlReply.Config config = new ControlReply.Config("/a", "/b", "lo", "g", 1, List.of("p"),
                new ControlReply.Network(ControlReply.NetworkMode.OPEN, null, null), "auto");
        Codec.decode(Codec.encode(config), ControlReply.class);
        Codec.decode(Codec.encode(new ControlRequest.ViewConfig()), ControlRequest.class);
        sink.println(Json.write(Json.config(config, null)));
    }
}
