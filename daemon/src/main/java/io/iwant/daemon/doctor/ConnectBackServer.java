package io.iwant.daemon.doctor;

import io.iwant.daemon.peer.PeerCall;
import io.iwant.daemon.peer.PeerServer;
import io.iwant.protocol.UserError;
import io.iwant.protocol.peer.PeerMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.ZContext;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Answers {@link PeerMessage.ConnectBack}: opens a connection to the asker's peer socket, pings it, and says whether
 * that worked. The request names nothing to connect to; the one place this peer connects is the peer socket that
 * discovery knows for the member named in it, and only if that member speaks from the address the request came
 * from. So a stranger cannot use it at all, and a member can aim it only at itself: never a port scanner, never an
 * amplifier. Each connect-back is bounded by {@code timeout} and by {@link ConnectBackLimit}. In a private network
 * the connection is the usual encrypted, mutually authenticated channel of the daemon's context.
 */
public final class ConnectBackServer implements PeerServer.SourcedHandler {
    private static final Logger log = LoggerFactory.getLogger(ConnectBackServer.class);
    /** How long a connect-back waits for the asker's peer socket. */
    public static final Duration TIMEOUT = Duration.ofSeconds(3); // a first handshake on a busy peer takes a while

    private final ZContext context;
    private final Function<String, Optional<InetSocketAddress>> memberEndpoint;
    private final String version;
    private final LongSupplier clock;
    private final Duration timeout;
    private final ConnectBackLimit limit = new ConnectBackLimit();
    private final Random random = new SecureRandom();

    /**
     * @param memberEndpoint a current member's peer endpoint by its id, as discovery knows it (its address and
     *                       advertised peer port); empty for anyone else
     * @param version        this peer's software version, told to the asker
     */
    public ConnectBackServer(ZContext context, Function<String, Optional<InetSocketAddress>> memberEndpoint,
                             String version) {
        this(context, memberEndpoint, version, () -> System.nanoTime() / 1_000_000, TIMEOUT);
    }

    ConnectBackServer(ZContext context, Function<String, Optional<InetSocketAddress>> memberEndpoint, String version,
                      LongSupplier clock, Duration timeout) {
        this.context = context;
        this.memberEndpoint = memberEndpoint;
        this.version = version;
        this.clock = clock;
        this.timeout = timeout;
    }

    /** Registers this handler on {@code server}. */
    public void register(PeerServer server) {
        server.on(PeerMessage.ConnectBack.class, PeerServer.Lane.POOL, this);
    }

    @Override
    public PeerServer.Reply handle(String client, InetAddress source, PeerMessage request) {
        PeerMessage.ConnectBack ask = (PeerMessage.ConnectBack) request;
        Optional<InetSocketAddress> target = source == null ? Optional.empty()
                : memberEndpoint.apply(ask.peerId()).filter(e -> source.equals(e.getAddress()));
        if (target.isEmpty()) {
            return refuse("this peer connects back only to a member it knows, at the address the member asks from",
                    false);
        }
        if (target.get().getPort() == 0) {
            return refuse("this peer has not heard which peer port you listen on yet", true);
        }
        switch (limit.start(source, clock.getAsLong())) {
            case TOO_SOON:
                return refuse("asked again too soon; ask at most every " + ConnectBackLimit.INTERVAL_MILLIS / 1000
                        + " s", true);
            case RUNNING:
                return null; // the same question again: the connect-back already running answers it
            case BUSY:
                return refuse("busy", true);
            default:
                break;
        }
        try {
            return PeerServer.Reply.of(connect(target.get()));
        } finally {
            limit.done(source);
        }
    }

    private PeerMessage.ConnectedBack connect(InetSocketAddress target) {
        String endpoint = target.getAddress().getHostAddress() + ":" + target.getPort();
        long token = random.nextLong();
        PeerMessage reply;
        try {
            reply = PeerCall.request(context, endpoint, new PeerMessage.Ping(token), timeout, "the peer at "
                    + endpoint);
        } catch (UserError e) {
            log.debug("connect-back to {}: {}", endpoint, e.getMessage());
            return new PeerMessage.ConnectedBack(false, "nothing answered at " + endpoint + " within "
                    + timeout.toMillis() + " ms", PeerMessage.PROTOCOL, version);
        }
        if (reply instanceof PeerMessage.Pong pong && pong.token() == token) {
            return new PeerMessage.ConnectedBack(true, "", PeerMessage.PROTOCOL, version);
        }
        return new PeerMessage.ConnectedBack(false, "something answered at " + endpoint + ", but not as an iwant "
                + "peer of this network would", PeerMessage.PROTOCOL, version);
    }

    private static PeerServer.Reply refuse(String reason, boolean retry) {
        return PeerServer.Reply.of(new PeerMessage.Refused(reason, retry));
    }
}
