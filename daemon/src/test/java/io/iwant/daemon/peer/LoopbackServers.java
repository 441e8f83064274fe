package io.iwant.daemon.peer;

import org.zeromq.ZContext;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Peer servers on 127.0.0.1 for one test, and the ZeroMQ context they share; closed together, servers first. */
public final class LoopbackServers implements AutoCloseable {
    public final ZContext context = new ZContext();
    private final List<PeerServer> servers = new ArrayList<>();

    /** Starts a server with the handlers {@code handlers} registers; returns its endpoint, "127.0.0.1:port". */
    public String start(Consumer<PeerServer> handlers) {
        PeerServer server = new PeerServer(context, "127.0.0.1", 0, 2);
        servers.add(server);
        handlers.accept(server);
        return "127.0.0.1:" + server.start();
    }

    @Override
    public void close() {
        servers.forEach(PeerServer::close);
        context.close();
    }
}
