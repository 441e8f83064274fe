package io.iwant.daemon.discovery;

import io.iwant.daemon.election.Leader;
import io.iwant.protocol.discovery.Beacon;
import io.iwant.protocol.discovery.Datagrams;
import io.iwant.protocol.discovery.Victory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.List;
import java.util.Set;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * The body of the discovery thread: owns the sockets and reads the clock. It reads datagrams from both sockets,
 * lets them through its {@link DatagramGate} (which refuses other networks' datagrams and, in a private network,
 * forged and replayed ones, noted in {@link Refusals}), feeds the messages that pass and the passing time to the
 * {@link DiscoveryNode}, and carries out the node's actions:
 * sends through {@link DiscoveryChannels}, tells the listener, publishes the view through {@link Discovery}. Owns
 * everything it touches; other threads only see the snapshots it publishes.
 */
final class DiscoveryLoop {
    private static final Logger log = LoggerFactory.getLogger(DiscoveryLoop.class);
    /** Datagrams read from one socket before the timers get their turn. */
    private static final int READ_BURST = 64;

    final AtomicLong received = new AtomicLong();
    final AtomicLong foreign = new AtomicLong();
    /** Datagrams from off the chosen interface's link that no static peer sent and no gossip led to. */
    final AtomicLong offLink = new AtomicLong();
    final AtomicLong malformed = new AtomicLong();
    final AtomicLong oversized = new AtomicLong();
    final AtomicLong sent = new AtomicLong();
    final AtomicLong unsent = new AtomicLong();
    final Refusals refusals = new Refusals();
    final Hearing hearing = new Hearing();

    private final DiscoveryChannels channels;
    private final DiscoveryNode node;
    private final DatagramGate gate;
    private final DiscoveryListener listener;
    private final LongSupplier clock;
    private final Discovery owner;
    private final ByteBuffer buffer = ByteBuffer.allocate(Datagrams.MAX_DATAGRAM + 1);
    /** The configured static peers' addresses: accepted from anywhere, since they were named. */
    private final Set<InetAddress> staticSources;

    DiscoveryLoop(Discovery owner, DiscoveryChannels channels, DiscoveryNode node, DatagramGate gate,
                  DiscoveryListener listener, LongSupplier clock, Set<InetAddress> staticSources) {
        this.gate = gate;
        this.staticSources = Set.copyOf(staticSources);
        this.owner = owner;
        this.channels = channels;
        this.node = node;
        this.listener = listener;
        this.clock = clock;
    }

    /** Runs until {@code closing} says stop, then says good-bye. */
    void run(BooleanSupplier closing) {
        long start = clock.getAsLong();
        carryOut(node.tick(start), start);
        while (!closing.getAsBoolean()) {
            try {
                long now = clock.getAsLong();
                channels.selector.select(Math.max(1, Math.min(node.nextDeadline() - now, 1_000)));
                channels.selector.selectedKeys().clear();
                drain(channels.group, true);
                drain(channels.unicast, false);
                long later = clock.getAsLong();
                carryOut(node.tick(later), later);
            } catch (IOException | RuntimeException e) {
                if (closing.getAsBoolean()) {
                    break;
                }
                log.warn("Discovery hit an error and carries on: {}", e.toString(), e);
                pause();
            }
            owner.publish(node);
        }
        long end = clock.getAsLong();
        carryOut(node.leave(end), end);
    }

    /** Reads what waits on {@code channel}; {@code group} says whether it is the socket of the group's port. */
    private void drain(DatagramChannel channel, boolean group) throws IOException {
        for (int i = 0; i < READ_BURST; i++) {
            buffer.clear();
            InetSocketAddress source = (InetSocketAddress) channel.receive(buffer);
            if (source == null) {
                return;
            }
            onDatagram(buffer.position(), source, group);
        }
    }

    private void onDatagram(int length, InetSocketAddress source, boolean group) {
        received.incrementAndGet();
        boolean own = source.equals(channels.unicastAddress());
        if (own && group) {
            hearing.ownMulticast(clock.getAsLong());
        }
        if (!channels.onLink(source.getAddress()) && !staticSources.contains(source.getAddress())
                && !node.expects(source)) {
            offLink.incrementAndGet();
            return;
        }
        byte[] bytes = buffer.array();
        if (length > Datagrams.MAX_DATAGRAM) {
            oversized.incrementAndGet();
            return;
        }
        long now = clock.getAsLong();
        DatagramGate.Result result = gate.pass(bytes, length, source, now);
        if (result instanceof DatagramGate.Admitted admitted) {
            if (!own) {
                hearing.admitted(source.getAddress(), group && admitted.message() instanceof Beacon beacon
                        && !beacon.direct(), now);
            }
            carryOut(node.handle(admitted.message(), source, now, group), now);
        } else if (result instanceof DatagramGate.Refused refused) {
            refusals.note(source.getAddress(), refused.reason(), now).ifPresent(line -> log.warn("{}", line));
        } else if (result == DatagramGate.Ignored.MALFORMED) {
            malformed.incrementAndGet();
            log.debug("Ignored a malformed discovery datagram from {}", source);
        } else if (result == DatagramGate.Ignored.FOREIGN) {
            foreign.incrementAndGet();
            int version = Datagrams.version(bytes, length);
            if (version >= 0) {
                hearing.otherFormat(source.getAddress(), version);
            }
        } // else a duplicate of a datagram let in: nothing to do
    }

    private void carryOut(List<NodeAction> actions, long now) {
        for (NodeAction action : actions) {
            if (action instanceof NodeAction.Send send) {
                if (send instanceof NodeAction.ToGroup && send.message() instanceof Victory victory) {
                    log.debug("Announcing victory at term {}", victory.term());
                }
                (send.sendOver(channels) ? sent : unsent).incrementAndGet();
            } else if (action instanceof NodeAction.Joined joined) {
                Membership.Member member = joined.member();
                log.info("Peer {} joined from {}", member.peerId(), member.source().getAddress().getHostAddress());
                Peer peer = Discovery.toPeer(member, now, false);
                safely(() -> listener.memberJoined(peer));
            } else if (action instanceof NodeAction.Left left) {
                log.info("Peer {} left", left.member().peerId());
                Peer peer = Discovery.toPeer(left.member(), now, false);
                safely(() -> listener.memberLeft(peer));
            } else if (action instanceof NodeAction.LeaderChanged changed) {
                onLeaderChanged(changed.leader(), changed.term());
            } else if (action instanceof NodeAction.IdClash clash) {
                log.warn("Another peer at {} uses this peer's id {}; give each home its own id", clash.source(),
                        owner.peerId());
            }
        }
    }

    private void onLeaderChanged(Optional<Leader> leader, long term) {
        owner.publish(node);
        Optional<Peer> peer = owner.leader();
        if (leader.isPresent() && peer.isEmpty()) {
            log.debug("Leader {} is not in the membership view yet", leader.get().peerId());
        }
        log.info("Leader: {}", leader.map(l -> l.peerId() + " (term " + l.term() + ")").orElse("none"));
        safely(() -> listener.leaderChanged(peer, term));
    }

    private static void safely(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            log.error("A discovery listener failed", e);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
