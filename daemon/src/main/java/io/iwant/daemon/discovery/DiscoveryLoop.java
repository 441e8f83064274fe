package io.iwant.daemon.discovery;

import io.iwant.daemon.election.Action;
import io.iwant.daemon.election.Election;
import io.iwant.daemon.election.Event;
import io.iwant.daemon.election.Leader;
import io.iwant.protocol.discovery.Beacon;
import io.iwant.protocol.discovery.Bye;
import io.iwant.protocol.discovery.Datagrams;
import io.iwant.protocol.discovery.DiscoveryMessage;
import io.iwant.protocol.discovery.Ping;
import io.iwant.protocol.discovery.Pong;
import io.iwant.protocol.discovery.Victory;
import io.iwant.protocol.wire.ProtocolException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * The body of the discovery thread: reads datagrams from both sockets, feeds the membership view and the election
 * with the real monotonic clock, carries out the election's actions and tells the listener. Owns everything it
 * touches; other threads only see the snapshots it publishes through {@link Discovery}.
 */
final class DiscoveryLoop {
    private static final Logger log = LoggerFactory.getLogger(DiscoveryLoop.class);
    /** Datagrams read from one socket before the timers get their turn. */
    private static final int READ_BURST = 64;
    /** Most peers answered by unicast because they sent us beacons by unicast. */
    private static final int MAX_DIRECT = 64;

    final AtomicLong received = new AtomicLong();
    final AtomicLong foreign = new AtomicLong();
    final AtomicLong malformed = new AtomicLong();
    final AtomicLong oversized = new AtomicLong();
    final AtomicLong sent = new AtomicLong();
    final AtomicLong unsent = new AtomicLong();

    private final DiscoverySettings settings;
    private final DiscoveryChannels channels;
    private final Election election;
    private final Membership membership;
    private final DiscoveryListener listener;
    private final LongSupplier clock;
    private final Discovery owner;
    /** Unicast sources of peers that sent us direct beacons, with when they last did. */
    private final Map<InetSocketAddress, Long> direct = new LinkedHashMap<>();
    private final ByteBuffer buffer = ByteBuffer.allocate(Datagrams.MAX_DATAGRAM + 1);
    private boolean warnedIdClash;

    DiscoveryLoop(Discovery owner, DiscoverySettings settings, DiscoveryChannels channels, Election election,
                  DiscoveryListener listener, LongSupplier clock) {
        this.owner = owner;
        this.settings = settings;
        this.channels = channels;
        this.election = election;
        this.listener = listener;
        this.clock = clock;
        this.membership = new Membership(settings.peerId(), settings.timings().peerTimeout(), 1024);
    }

    Membership membership() {
        return membership;
    }

    /** Runs until {@code closing} says stop, then says good-bye. */
    void run(BooleanSupplier closing) {
        feed(new Event.Tick(clock.getAsLong()));
        while (!closing.getAsBoolean()) {
            try {
                long now = clock.getAsLong();
                long next = Math.min(election.nextDeadline(), membership.nextDeadline());
                channels.selector.select(Math.max(1, Math.min(next - now, 1_000)));
                channels.selector.selectedKeys().clear();
                drain(channels.group);
                drain(channels.unicast);
                tick(clock.getAsLong());
            } catch (IOException | RuntimeException e) {
                if (closing.getAsBoolean()) {
                    break;
                }
                log.warn("Discovery hit an error and carries on: {}", e.toString(), e);
                pause();
            }
            owner.publish(election, membership);
        }
        broadcast(new Bye(election.stamp(clock.getAsLong())), false);
    }

    private void drain(DatagramChannel channel) throws IOException {
        for (int i = 0; i < READ_BURST; i++) {
            buffer.clear();
            InetSocketAddress source = (InetSocketAddress) channel.receive(buffer);
            if (source == null) {
                return;
            }
            onDatagram(buffer.position(), source);
        }
    }

    private void onDatagram(int length, InetSocketAddress source) {
        received.incrementAndGet();
        byte[] bytes = buffer.array();
        if (length > Datagrams.MAX_DATAGRAM) {
            oversized.incrementAndGet();
            return;
        }
        if (!Datagrams.isOurs(bytes, length)) {
            foreign.incrementAndGet();
            return;
        }
        DiscoveryMessage message;
        try {
            message = Datagrams.decode(bytes, length);
        } catch (ProtocolException e) {
            malformed.incrementAndGet();
            log.debug("Ignored a malformed discovery datagram from {}: {}", source, e.getMessage());
            return;
        }
        long now = clock.getAsLong();
        if (message.from().peerId().equals(settings.peerId())) {
            if (message.from().incarnation() != election.incarnation() && !warnedIdClash) {
                warnedIdClash = true;
                log.warn("Another peer at {} uses this peer's id {}; give each home its own id", source,
                        settings.peerId());
            }
            return;
        }
        if (message instanceof Bye bye) {
            membership.leave(bye.from()).ifPresent(member -> {
                notifyLeft(member, now);
                feed(new Event.PeerGone(now, member.peerId()));
            });
            return;
        }
        if (message instanceof Beacon beacon && beacon.direct()) {
            direct.remove(source);
            direct.put(source, now);
            if (direct.size() > MAX_DIRECT) {
                direct.remove(direct.keySet().iterator().next());
            }
        }
        int tcpPort = message instanceof Beacon beacon ? beacon.tcpPort() : -1;
        membership.heard(message.from(), source, tcpPort, now).ifPresent(change -> {
            if (change instanceof Membership.Change.Joined joined) {
                notifyJoined(joined.member(), now);
            } else if (change instanceof Membership.Change.Restarted restarted) {
                notifyLeft(restarted.old(), now);
                notifyJoined(restarted.member(), now);
            }
        });
        if (!membership.tracks(message.from())) {
            return; // stale, or more peers than the view holds: the election only hears of peers in the view
        }
        if (message instanceof Beacon beacon) {
            feed(new Event.BeaconReceived(now, beacon));
        } else if (message instanceof Victory victory) {
            feed(new Event.VictoryReceived(now, victory));
        } else if (message instanceof Ping ping) {
            feed(new Event.PingReceived(now, ping));
        } else if (message instanceof Pong pong) {
            feed(new Event.PongReceived(now, pong));
        }
    }

    private void tick(long now) {
        for (Membership.Member gone : membership.expire(now)) {
            notifyLeft(gone, now);
            feed(new Event.PeerGone(now, gone.peerId()));
        }
        direct.values().removeIf(last -> now - last >= settings.timings().peerTimeout());
        feed(new Event.Tick(now));
    }

    private void feed(Event event) {
        for (Action action : election.handle(event)) {
            if (action instanceof Action.SendBeacon a) {
                broadcast(a.beacon(), true);
            } else if (action instanceof Action.AnnounceVictory a) {
                log.debug("Announcing victory at term {}", a.victory().term());
                broadcast(a.victory(), false);
            } else if (action instanceof Action.PingLeader a) {
                sendToMember(a.leaderId(), a.ping());
            } else if (action instanceof Action.AnswerPing a) {
                sendToMember(a.peerId(), a.pong());
            } else if (action instanceof Action.LeaderChanged a) {
                onLeaderChanged(a.leader());
            }
        }
    }

    private void onLeaderChanged(Optional<Leader> leader) {
        owner.publish(election, membership);
        Optional<Peer> peer = owner.leader();
        if (leader.isPresent() && peer.isEmpty()) {
            log.debug("Leader {} is not in the membership view yet", leader.get().peerId());
        }
        log.info("Leader: {}", leader.map(l -> l.peerId() + " (term " + l.term() + ")").orElse("none"));
        long term = leader.map(Leader::term).orElse(election.term());
        safely(() -> listener.leaderChanged(peer, term));
    }

    private void notifyJoined(Membership.Member member, long now) {
        log.info("Peer {} joined from {}", member.peerId(), member.source().getAddress().getHostAddress());
        Peer peer = Discovery.toPeer(member, now, false);
        safely(() -> listener.memberJoined(peer));
    }

    private void notifyLeft(Membership.Member member, long now) {
        log.info("Peer {} left", member.peerId());
        Peer peer = Discovery.toPeer(member, now, false);
        safely(() -> listener.memberLeft(peer));
    }

    /** To the group, to every static peer (marked direct when {@code markDirect}) and to every direct peer. */
    private void broadcast(DiscoveryMessage message, boolean markDirect) {
        byte[] datagram = Datagrams.encode(message);
        send(datagram, settings.group());
        if (!settings.staticPeers().isEmpty()) {
            byte[] toStatic = markDirect && message instanceof Beacon beacon
                    ? Datagrams.encode(beacon.asDirect()) : datagram;
            for (InetSocketAddress peer : settings.staticPeers()) {
                send(toStatic, peer);
            }
        }
        for (InetSocketAddress peer : new ArrayList<>(direct.keySet())) {
            send(datagram, peer);
        }
    }

    private void sendToMember(String peerId, DiscoveryMessage message) {
        Optional<Membership.Member> member = membership.get(peerId);
        if (member.isEmpty()) {
            unsent.incrementAndGet();
            return;
        }
        send(Datagrams.encode(message), member.get().source());
    }

    private void send(byte[] datagram, InetSocketAddress target) {
        try {
            if (channels.send(datagram, target)) {
                sent.incrementAndGet();
            } else {
                unsent.incrementAndGet();
            }
        } catch (IOException e) {
            unsent.incrementAndGet();
            log.debug("Could not send a discovery datagram to {}: {}", target, e.toString());
        }
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
