package io.iwant.daemon.control;

import io.iwant.daemon.util.Health;
import io.iwant.daemon.util.WorkerThread;
import io.iwant.protocol.UserError;
import io.iwant.protocol.control.ControlReply;
import io.iwant.protocol.control.ControlRequest;
import io.iwant.protocol.home.Home;
import io.iwant.protocol.wire.Codec;
import io.iwant.protocol.wire.Frames;
import io.iwant.protocol.wire.ProtocolException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The client endpoint: a Unix domain socket in the home (socket 0600 inside a 0700 home). Each connection carries
 * requests and replies as Kryo messages in length-prefixed frames, handled on a bounded pool of threads. A
 * malformed request gets a {@link ControlReply.Failed} and the connection is closed.
 */
public final class ControlServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ControlServer.class);
    private static final int MAX_CLIENTS = 32;

    private final Path socketPath;
    private final ServerSocketChannel server;
    private final ControlHandler handler;
    private final ThreadPoolExecutor workers;
    private final Set<SocketChannel> clients = ConcurrentHashMap.newKeySet();
    private final WorkerThread acceptor;
    private volatile boolean closed;

    private ControlServer(Path socketPath, ServerSocketChannel server, ControlHandler handler, Health health) {
        this.socketPath = socketPath;
        this.server = server;
        this.handler = handler;
        AtomicInteger n = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(0, MAX_CLIENTS, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "control-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        // closing the server channel is what wakes a blocked accept(); the acceptor is told to stop first, so that
        // the accept loop ending then is not taken for a failure (it was logged as one at every shutdown)
        this.acceptor = new WorkerThread("control-accept", this::acceptLoop, t -> closeServer(), health);
    }

    /** Binds the home's control socket, replacing a stale one left by a killed daemon (the caller holds the lock). */
    public static ControlServer start(Home home, ControlHandler handler, Health health) throws IOException {
        Path path = home.controlSocket();
        Files.deleteIfExists(path);
        // bound under a name of its own and renamed into place once it listens: the JDK binds and listens in two
        // calls, and a client that found the socket between them was refused as if no daemon ran
        Path bound = path.resolveSibling("control.new"); // no longer than the name it takes: paths are short here
        Files.deleteIfExists(bound);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(bound));
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(bound, PosixFilePermissions.fromString("rw-------"));
            }
            Files.move(bound, path, StandardCopyOption.ATOMIC_MOVE);
        } catch (SocketException e) {
            server.close();
            Files.deleteIfExists(bound);
            throw UserError.failed("cannot open the control socket " + path + " (" + e.getMessage()
                    + "); a shorter --home path may help");
        } catch (IOException e) {
            server.close();
            Files.deleteIfExists(bound);
            throw e;
        }
        ControlServer control = new ControlServer(path, server, handler, health);
        control.acceptor.start();
        return control;
    }

    /** Accepts clients until closed; an accept that fails otherwise ends this run, and the supervisor restarts it. */
    private void acceptLoop() throws IOException {
        while (acceptor.running()) {
            SocketChannel client;
            try {
                client = server.accept();
            } catch (ClosedChannelException e) {
                if (!acceptor.running()) {
                    return;
                }
                throw e;
            }
            clients.add(client);
            try {
                workers.execute(() -> serve(client));
            } catch (RejectedExecutionException e) {
                log.warn("too many control clients at once ({}), refusing one", MAX_CLIENTS);
                reject(client);
            }
        }
    }

    private void closeServer() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    private void reject(SocketChannel client) {
        try (client) {
            Frames.write(Channels.newOutputStream(client),
                    Codec.encode(new ControlReply.Failed(UserError.FAILED, "the iwant daemon is busy, try again")));
        } catch (IOException ignored) {
            // the client went away
        } finally {
            clients.remove(client);
        }
    }

    private void serve(SocketChannel client) {
        try (client) {
            InputStream in = new BufferedInputStream(Channels.newInputStream(client));
            OutputStream out = new BufferedOutputStream(Channels.newOutputStream(client));
            Replies replies = new Replies(out);
            while (!closed) {
                byte[] frame;
                ControlRequest request;
                try {
                    frame = Frames.read(in, Frames.MAX_CONTROL_FRAME);
                    if (frame == null) {
                        return;
                    }
                    request = Codec.decode(frame, ControlRequest.class);
                } catch (ProtocolException e) {
                    log.info("bad request on the control socket: {}", e.getMessage());
                    replies.send(new ControlReply.Failed(UserError.USAGE, "bad request: " + e.getMessage()));
                    return;
                }
                try {
                    handler.handle(request, replies);
                } catch (UserError e) {
                    replies.send(new ControlReply.Failed(e.exitCode(), e.getMessage()));
                } catch (RuntimeException e) {
                    log.error("control request {} failed", request, e);
                    replies.send(new ControlReply.Failed(UserError.FAILED,
                            "the iwant daemon failed to answer (" + e.getClass().getSimpleName() + "; see its log)"));
                }
            }
        } catch (IOException e) {
            if (!closed) {
                log.debug("control client went away: {}", e.toString());
            }
        } finally {
            clients.remove(client);
        }
    }

    @Override
    public void close() {
        // the acceptor hears of the stop before anything it reads changes: a loop that ends while it still thinks it
        // should run is taken for dead by its supervisor
        acceptor.stop(Duration.ofSeconds(1)); // wakes it by closing the server channel
        closed = true;
        closeServer();
        for (SocketChannel client : clients) {
            try {
                client.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        workers.shutdownNow();
        try {
            workers.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(socketPath);
        } catch (IOException e) {
            log.warn("could not remove {}", socketPath, e);
        }
    }

    private static final class Replies implements ControlHandler.Replies {
        private final OutputStream out;

        Replies(OutputStream out) {
            this.out = out;
        }

        @Override
        public synchronized void send(ControlReply reply) throws IOException {
            Frames.write(out, Codec.encode(reply));
        }
    }
}
