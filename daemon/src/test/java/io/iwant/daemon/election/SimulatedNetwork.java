package io.iwant.daemon.election;

import io.iwant.daemon.discovery.DatagramGate;
import io.iwant.daemon.discovery.DatagramWriter;
import io.iwant.daemon.discovery.DiscoveryNode;
import io.iwant.daemon.discovery.DiscoveryTransport;
import io.iwant.daemon.discovery.NodeAction;
import io.iwant.daemon.discovery.Membership;
import io.iwant.protocol.discovery.Beacon;
import io.iwant.protocol.discovery.Bye;
import io.iwant.protocol.discovery.DiscoveryMessage;
import io.iwant.protocol.discovery.Gossip;
import io.iwant.protocol.discovery.PeerStamp;
import io.iwant.protocol.discovery.Victory;
import io.iwant.protocol.secure.NetworkKey;
import io.iwant.protocol.wire.Limits;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Random;

/**
 * N peers on a simulated network with one virtual clock: each peer runs the real {@link DiscoveryNode} (with the
 * real membership view and {@link Election} inside), fed as the discovery thread feeds it, on its own monotonic
 * clock (a random offset of up to decades from the virtual time), and sends through an in-memory
 * {@link DiscoveryTransport}. The network loses, delays, duplicates and partitions datagrams as told; everything
 * random comes from one seed, so a run is reproducible from its seed.
 *
 * <p>Peers may hold network keys ({@link #SimulatedNetwork(Timings, long, NetworkKey[], boolean)}): then every
 * datagram travels as bytes, made by the sender's {@link DatagramWriter} and let in by the receiver's
 * {@link DatagramGate}, as between real peers; peers with different keys (or none) share the wire, and a replayer
 * can capture and resend what it saw.
 */
final class SimulatedNetwork {
    /** Made-up ids of a fake-id flooder, and how many of them it sends per round. */
    static final int FAKE_IDS = 300;
    static final int FAKE_IDS_PER_ROUND = 10;

    /** The hostile peers the simulation knows; none ever answers a ping. */
    enum Adversary {
        /** Beacons and victories twice a second, uptime near the limit, terms rising to the highest. */
        BOASTER(500),
        /** Beacons saying that it, or a real peer, leads at the highest term. */
        TERM_FLOODER(500),
        /** Good-byes in the name of live peers, with their current incarnation. */
        BYE_SPOOFER(300),
        /** Beacons of hundreds of made-up ids. */
        FAKE_IDS(250),
        /**
         * Resends datagrams the honest peers sent, picked at random from all it captured so far (of live and of gone
         * incarnations), from its own address or from the original sender's. Only in a private network, where
         * datagrams are bytes; elsewhere it does nothing.
         */
        REPLAYER(100),
        /**
         * Gossip in the name of a live honest peer, from that peer's address (a forged source): made-up addresses,
         * the adversaries' own, honest peers' hosts at other ports, special addresses. Only in an open network, where
         * a datagram's source is not checked; elsewhere the gate refuses it like any stranger's.
         */
        GOSSIP_SPOOFER(400);

        final long period;

        Adversary(long period) {
            this.period = period;
        }
    }

    /** One peer slot: a peer id that can crash and restart, each start a new incarnation. */
    final class Node implements DiscoveryTransport {
        final int index;
        final String id;
        /** Where its datagrams come from, and where unicast to it goes. */
        final InetSocketAddress address;
        final long clockOffset;
        /** Its network key; null in an open network. */
        final NetworkKey key;
        DiscoveryNode discovery;
        /** When datagrams travel as bytes: how this incarnation writes what it sends and checks what it hears. */
        DatagramWriter writer;
        DatagramGate gate;
        long trueStart;
        int generation;
        long wakeAt = Long.MAX_VALUE;
        long leadingSecret;
        /** Addresses it beacons to by unicast, as {@code --peers} would make it. */
        List<InetSocketAddress> staticPeers = List.of();

        Node(int index, NetworkKey key) {
            this.index = index;
            this.key = key;
            this.id = "peer-" + (char) ('a' + index);
            this.address = address(id, 77, index);
            this.clockOffset = (random.nextLong() >> 16) * (random.nextBoolean() ? 1 : -1);
        }

        boolean alive() {
            return discovery != null;
        }

        long local() {
            return now + clockOffset;
        }

        @Override
        public boolean toGroup(DiscoveryMessage message) {
            byte[] datagram = writer == null ? null : capture(writer.toGroup(message));
            for (Node to : nodes) {
                if (to != this && island[to.index] == island[index]) {
                    send(this, to, message, datagram, true);
                }
            }
            return true;
        }

        @Override
        public boolean toAddress(InetSocketAddress target, DiscoveryMessage message) {
            send(this, byAddress.get(target), message, writer == null ? null : capture(writer.copy(message)), false);
            return true;
        }

        @Override
        public boolean toPeer(InetSocketAddress target, long incarnation, DiscoveryMessage message) {
            send(this, byAddress.get(target), message,
                    writer == null ? null : capture(writer.toPeer(incarnation, message)), false);
            return true;
        }

        /** What a replayer on the wire keeps of this peer's datagram: a uniform sample of everything (reservoir). */
        private byte[] capture(byte[] datagram) {
            capturedSeen++;
            if (captured.size() < MAX_CAPTURED) {
                captured.add(new Captured(address, datagram, now));
            } else if (random.nextLong(capturedSeen) < MAX_CAPTURED) {
                captured.set(random.nextInt(MAX_CAPTURED), new Captured(address, datagram, now));
            }
            return datagram;
        }
    }

    private record Scheduled(long time, long seq, Runnable action) {
    }

    /** A datagram an honest peer put on the wire at {@code time}, as a replayer captures it. */
    record Captured(InetSocketAddress source, byte[] datagram, long time) {
    }

    /** Datagrams a replayer keeps (a random sample of everything, old and new). */
    static final int MAX_CAPTURED = 2_000;
    /**
     * A replayer resends only what it captured at least this long ago (longer than any delay of the network): it
     * hears a datagram when its recipients do, so it cannot deliver its copy before the original.
     */
    static final long MIN_REPLAY_AGE = 300;

    final Timings timings;
    final Random random;
    final List<Node> nodes = new ArrayList<>();
    private final PriorityQueue<Scheduled> queue = new PriorityQueue<>(
            (a, b) -> a.time != b.time ? Long.compare(a.time, b.time) : Long.compare(a.seq, b.seq));
    private final Map<String, Node> byId = new HashMap<>();
    private final Map<InetSocketAddress, Node> byAddress = new HashMap<>();
    /** When the leadership with a given secret ended (its leader crashed or stepped down), in virtual time. */
    private final Map<Long, Long> secretEnded = new HashMap<>();
    /** Which incarnation of which peer announced a given secret. */
    private final Map<Long, String> secretOwner = new HashMap<>();
    /** When a follower first heard a new incarnation of the leader whose old secret it follows. */
    private final Map<String, Long> firstHeardNew = new HashMap<>();
    /** When a datagram from one honest node to another was last lost (by index pair). */
    private final Map<Integer, Long> lastDrop = new HashMap<>();
    /** When each incarnation ended, by "id#incarnation". */
    private final Map<String, Long> incarnationEnded = new HashMap<>();
    /** Whether datagrams travel as bytes, through writers and gates: when any peer holds a key. */
    final boolean wired;
    /** What a replayer captured: a uniform sample of every honest datagram. */
    final List<Captured> captured = new ArrayList<>();
    private long capturedSeen;
    private final StringBuilder trace;
    private int adversaries;
    private final DatagramWriter strangerWriter;
    private long seq;
    long now;
    int[] side;
    /** Which multicast island each peer is on: the group reaches only peers of the same island (all 0 at first). */
    int[] island;
    double loss;
    double duplication;
    long minDelay;
    long maxDelay;
    private long maxDelayEver;
    /**
     * How late a replayer can make a datagram arrive that the network lost on its way: as late as a gate still lets
     * it in ({@link DatagramGate#MAX_LATE_MILLIS}), once there is a replayer; a delay like any other for the bounds.
     */
    private long replayLateness;
    long messages;
    String violation;

    /** An open network of {@code size} peers. */
    SimulatedNetwork(Timings timings, long seed, int size, boolean tracing) {
        this(timings, seed, new NetworkKey[size], tracing);
    }

    /** One peer per key, each in the private network of its key, or in the open network where it is null. */
    SimulatedNetwork(Timings timings, long seed, NetworkKey[] keys, boolean tracing) {
        this.timings = timings;
        this.random = new Random(seed);
        this.trace = tracing ? new StringBuilder() : null;
        this.side = new int[keys.length];
        this.island = new int[keys.length];
        this.wired = Arrays.stream(keys).anyMatch(Objects::nonNull);
        byte[] stranger = new byte[NetworkKey.BYTES];
        if (wired) {
            random.nextBytes(stranger);
        }
        this.strangerWriter = wired ? DatagramWriter.of(NetworkKey.of(stranger), address("evil", 66, 255)) : null;
        for (int i = 0; i < keys.length; i++) {
            Node node = new Node(i, keys[i]);
            nodes.add(node);
            byId.put(node.id, node);
            byAddress.put(node.address, node);
        }
    }

    /** Runs every scheduled event up to and including {@code until}. */
    void runUntil(long until) {
        while (!queue.isEmpty() && queue.peek().time <= until && violation == null) {
            Scheduled next = queue.poll();
            now = next.time;
            next.action.run();
        }
        now = Math.max(now, until);
    }

    /** Address 10.{@code net}.0.{@code index + 1}, port 7377, that prints as {@code name}. */
    private static InetSocketAddress address(String name, int net, int index) {
        try {
            return new InetSocketAddress(InetAddress.getByAddress(name, new byte[]{10, (byte) net, 0,
                    (byte) (index + 1)}), 7377);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    void at(long time, Runnable action) {
        queue.add(new Scheduled(Math.max(time, now), seq++, action));
    }

    void start(Node node) {
        node.discovery = new DiscoveryNode(node.id, 7378, node.staticPeers, timings, node.local(),
                new Random(random.nextLong()), node.key != null, address -> !address.equals(node.address));
        if (wired) {
            node.writer = DatagramWriter.of(node.key, node.address);
            node.gate = DatagramGate.of(node.key, node.discovery.incarnation());
        }
        node.trueStart = now;
        node.generation++;
        node.leadingSecret = 0;
        node.wakeAt = Long.MAX_VALUE;
        log(node, "starts");
        wake(node, node.generation);
    }

    void crash(Node node) {
        if (!node.alive()) {
            return;
        }
        log(node, "crashes");
        if (node.leadingSecret != 0) {
            secretEnded.putIfAbsent(node.leadingSecret, now);
        }
        incarnationEnded.put(node.id + "#" + node.discovery.incarnation(), now);
        node.discovery = null;
        node.leadingSecret = 0;
    }

    private void wake(Node node, int generation) {
        if (!node.alive() || node.generation != generation) {
            return;
        }
        carryOut(node, node.discovery.tick(node.local()));
        afterStep(node);
    }

    /** A clean shutdown: the peer says good-bye, then stops. */
    void leave(Node node) {
        if (node.alive()) {
            carryOut(node, node.discovery.leave(node.local()));
            crash(node);
        }
    }

    private void deliver(InetSocketAddress source, Node node, DiscoveryMessage sent, byte[] datagram,
                         boolean group) {
        if (!node.alive()) {
            return;
        }
        DiscoveryMessage message = sent;
        if (datagram != null) {
            DatagramGate.Result result = node.gate.pass(datagram, datagram.length, source, node.local());
            if (!(result instanceof DatagramGate.Admitted admitted)) {
                if (trace != null) {
                    log(node, "drops a datagram from " + source.getHostString() + ": " + result);
                }
                return;
            }
            message = admitted.message();
        }
        if (message.from().peerId().equals(node.id)) {
            return;
        }
        messages++;
        carryOut(node, node.discovery.handle(message, source, node.local(), group));
        afterStep(node);
        checkNotFollowingAnOldIncarnation(node, message);
    }

    /** What the discovery thread does with the actions of its node, with the sockets and the listener simulated. */
    private void carryOut(Node node, List<NodeAction> actions) {
        for (NodeAction action : actions) {
            if (action instanceof NodeAction.Send send) {
                if (send instanceof NodeAction.ToGroup && send.message() instanceof Victory victory) {
                    secretOwner.putIfAbsent(victory.secret(), node.id + "#" + node.generation);
                    log(node, "announces victory at term " + victory.term());
                }
                send.sendOver(node);
            } else if (action instanceof NodeAction.LeaderChanged a) {
                log(node, "leader " + a.leader().map(l -> l.peerId() + "@" + l.term()).orElse("none"));
                if (a.leader().map(l -> !byId.containsKey(l.peerId())).orElse(false)) {
                    violation = node.id + " takes the adversary " + a.leader().get().peerId() + " for its leader";
                }
                a.leader().ifPresent(l -> checkSameNetwork(node, l.peerId(), "takes for its leader"));
            } else if (action instanceof NodeAction.Left left) {
                log(node, "sees " + left.member().peerId() + " leave");
                checkNotRemovedWhileHeard(node, left.member());
            } else if (action instanceof NodeAction.Joined joined) {
                log(node, "sees " + joined.member().peerId() + " join");
                checkNotAGoneIncarnation(node, joined.member());
                checkRealPeerAtItsAddress(node, joined.member());
                checkSameNetwork(node, joined.member().peerId(), "let in");
            }
        }
    }

    /** After each step of a node: checks the secrets it leads and follows with, and sets its timer. */
    private void afterStep(Node node) {
        Leader leader = node.discovery.leader().orElse(null);
        long leading = leader != null && leader.peerId().equals(node.id) ? leader.secret() : 0;
        if (node.leadingSecret != 0 && node.leadingSecret != leading) {
            secretEnded.putIfAbsent(node.leadingSecret, now);
        }
        node.leadingSecret = leading;
        checkNoStaleSecret(node);
        long next = node.discovery.nextDeadline();
        long wakeVirtual = next == Long.MAX_VALUE ? Long.MAX_VALUE : next - node.clockOffset;
        if (wakeVirtual != node.wakeAt) {
            node.wakeAt = wakeVirtual;
            int generation = node.generation;
            at(wakeVirtual, () -> {
                if (node.wakeAt == wakeVirtual) {
                    wake(node, generation);
                }
            });
        }
    }

    private void send(Node from, Node to, DiscoveryMessage message, byte[] datagram, boolean group) {
        if (to == null || to == from) {
            return; // to nobody, or to an adversary's address: adversaries never answer
        }
        if (side[from.index] != side[to.index] || random.nextDouble() < loss) {
            lastDrop.put(from.index * nodes.size() + to.index, now);
            return;
        }
        transmit(from.address, to, message, datagram, group);
    }

    /**
     * Puts a datagram from {@code source} on the wire to {@code to}: delayed, possibly duplicated. In a private
     * network {@code datagram} carries {@code message}; in an open one it is null.
     */
    private void transmit(InetSocketAddress source, Node to, DiscoveryMessage message, byte[] datagram,
                          boolean group) {
        int copies = random.nextDouble() < duplication ? 2 : 1;
        for (int i = 0; i < copies; i++) {
            long delay = minDelay + (maxDelay > minDelay ? random.nextInt((int) (maxDelay - minDelay + 1)) : 0);
            // Addressed to the peer id, not the incarnation: a restarted peer gets what was sent to its predecessor.
            at(now + delay, () -> deliver(source, to, message, datagram, group));
        }
    }

    /** Sends {@code datagram} from {@code source} to every live peer, as an attacker on the wire would. */
    void inject(InetSocketAddress source, byte[] datagram) {
        for (Node to : nodes) {
            if (to.alive() && !to.address.equals(source) && random.nextDouble() >= loss) {
                transmit(source, to, null, datagram, true);
            }
        }
    }

    /**
     * Adds a hostile peer that acts from {@code start} on, every {@code period} ms, until the end of the run. It
     * sends to every live honest peer, whatever the partitions (it is on every side), subject to loss; pings to it
     * are lost, so it never proves anything.
     */
    void addAdversary(Adversary kind, long start, boolean spoofsSource) {
        int number = adversaries++;
        if (kind == Adversary.REPLAYER) {
            replayLateness = DatagramGate.MAX_LATE_MILLIS;
        }
        String id = "evil-" + number;
        InetSocketAddress address = address(id, 66, number);
        long incarnation = random.nextLong();
        long[] term = {1};
        at(start, new Runnable() {
            @Override
            public void run() {
                long uptime = Limits.MAX_UPTIME_MILLIS - 1_000_000 + now;
                switch (kind) {
                    case BOASTER -> {
                        PeerStamp stamp = new PeerStamp(id, incarnation, uptime);
                        term[0] = Math.min(Limits.MAX_TERM, term[0] * 4);
                        hostile(address, new Beacon(stamp, 1, id, term[0]));
                        hostile(address, new Victory(stamp, term[0], 666));
                    }
                    case TERM_FLOODER -> {
                        Node named = nodes.get(random.nextInt(nodes.size()));
                        String leader = random.nextBoolean() ? id : named.id;
                        hostile(address, new Beacon(new PeerStamp(id, incarnation, uptime), 1, leader, Limits.MAX_TERM));
                    }
                    case BYE_SPOOFER -> {
                        List<Node> alive = nodes.stream().filter(Node::alive).toList();
                        if (!alive.isEmpty()) {
                            Node victim = alive.get(random.nextInt(alive.size()));
                            PeerStamp stamp = new PeerStamp(victim.id, victim.discovery.incarnation(),
                                    Math.max(0, now - victim.trueStart));
                            hostile(spoofsSource ? victim.address : address, new Bye(stamp));
                        }
                    }
                    case FAKE_IDS -> {
                        for (int i = 0; i < FAKE_IDS_PER_ROUND; i++) {
                            int fake = random.nextInt(FAKE_IDS);
                            PeerStamp stamp = new PeerStamp(id + "-" + fake, fake, uptime);
                            hostile(address, new Beacon(stamp, 1, DiscoveryMessage.NO_LEADER, 0));
                        }
                    }
                    case GOSSIP_SPOOFER -> {
                        List<Node> alive = nodes.stream().filter(Node::alive).toList();
                        if (!alive.isEmpty() && !wired) {
                            Node victim = alive.get(random.nextInt(alive.size()));
                            PeerStamp stamp = new PeerStamp(victim.id, victim.discovery.incarnation(),
                                    Math.max(0, now - victim.trueStart));
                            hostile(victim.address, Gossip.of(stamp, junkAddresses()));
                        }
                    }
                    case REPLAYER -> {
                        for (int i = 0; i < 5 && !captured.isEmpty(); i++) {
                            Captured old = captured.get(random.nextInt(captured.size()));
                            if (now - old.time() >= MIN_REPLAY_AGE) {
                                inject(spoofsSource ? old.source() : address, old.datagram());
                            }
                        }
                    }
                }
                at(now + kind.period, this);
            }
        });
    }

    /** Sixteen addresses where no honest peer answers, or where the wrong one would, or that nobody should ping. */
    private List<InetSocketAddress> junkAddresses() {
        List<InetSocketAddress> junk = new ArrayList<>();
        while (junk.size() < Gossip.MAX_MEMBERS) {
            Node someone = nodes.get(random.nextInt(nodes.size()));
            junk.add(switch (random.nextInt(5)) {
                case 0 -> address("nobody", 55, random.nextInt(250));
                case 1 -> address("evil-" + random.nextInt(4), 66, random.nextInt(4));
                case 2 -> new InetSocketAddress(someone.address.getAddress(), 1 + random.nextInt(65535));
                case 3 -> new InetSocketAddress(someone.address.getAddress(), 0);
                default -> new InetSocketAddress(random.nextBoolean() ? "239.255.77.77" : "255.255.255.255", 7377);
            });
        }
        return junk;
    }

    /** A stranger's message: when datagrams are bytes, sealed with a key of its own, which no honest peer holds. */
    private void hostile(InetSocketAddress source, DiscoveryMessage message) {
        byte[] datagram = wired ? strangerWriter.toGroup(message) : null;
        for (Node to : nodes) {
            if (to.alive() && !to.address.equals(source) && random.nextDouble() >= loss) {
                transmit(source, to, message, datagram, true);
            }
        }
    }

    /** A peer only ever lets in, and follows, peers of its own network. */
    private void checkSameNetwork(Node node, String peerId, String what) {
        Node other = byId.get(peerId);
        if (other != null && !Objects.equals(other.key, node.key)) {
            violation = node.id + " " + what + " " + peerId + ", a peer of another network";
        }
    }

    /** Every member a peer lets in is an honest peer, at the address that peer's datagrams come from. */
    private void checkRealPeerAtItsAddress(Node node, Membership.Member member) {
        Node real = byId.get(member.peerId());
        if (real == null || !real.address.equals(member.source())) {
            violation = node.id + " let in " + member.peerId() + " at " + member.source() + ", where no such peer is";
        }
    }

    /**
     * A peer never joins an incarnation that ended (crashed, left) longer ago than a ping timeout and two delays:
     * a replay of a gone incarnation's datagrams proves nothing.
     */
    private void checkNotAGoneIncarnation(Node node, Membership.Member member) {
        Long ended = incarnationEnded.get(member.peerId() + "#" + member.incarnation());
        if (ended != null && now - ended > staleBound()) {
            violation = node.id + " let in incarnation " + member.incarnation() + " of " + member.peerId()
                    + ", which ended " + (now - ended) + " ms ago";
        }
    }

    /**
     * A live peer whose datagrams all reach a node is never removed from its view: not by the failure detector, and
     * not by a good-bye that someone else sent in its name.
     */
    private void checkNotRemovedWhileHeard(Node node, Membership.Member member) {
        Node peer = byId.get(member.peerId());
        if (peer == null || !peer.alive() || peer.discovery.incarnation() != member.incarnation()) {
            return;
        }
        Long dropped = lastDrop.get(peer.index * nodes.size() + node.index);
        maxDelayEver = Math.max(maxDelayEver, maxDelay);
        if (dropped == null || now - dropped > timings.peerTimeout() + maxDelayEver + 1) {
            violation = node.id + " removed " + peer.id + ", alive, none of whose datagrams to it were lost for "
                    + (dropped == null ? "ever" : (now - dropped) + " ms");
        }
    }

    /** A follower never keeps a secret whose leadership ended longer ago than a ping timeout and two delays. */
    private void checkNoStaleSecret(Node node) {
        Leader leader = node.discovery.leader().orElse(null);
        if (leader == null || leader.peerId().equals(node.id)) {
            return;
        }
        Long ended = secretEnded.get(leader.secret());
        long bound = staleBound();
        if (ended != null && now - ended > bound) {
            violation = node.id + " still follows " + leader.peerId() + " with the secret of a leadership that ended "
                    + (now - ended) + " ms ago (bound " + bound + " ms)";
        }
    }

    /**
     * Once a follower heard the current incarnation of its leader, it no longer follows an older one's secret after
     * the time it takes to prove the new incarnation (a ping and its answer, within the stale-secret bound).
     */
    private void checkNotFollowingAnOldIncarnation(Node node, DiscoveryMessage message) {
        Node sender = byId.get(message.from().peerId());
        Leader leader = node.discovery.leader().orElse(null);
        if (sender == null || leader == null || !sender.alive() || !leader.peerId().equals(sender.id)
                || message.from().incarnation() != sender.discovery.incarnation()) {
            return;
        }
        String owner = secretOwner.get(leader.secret());
        String current = sender.id + "#" + sender.generation;
        if (owner != null && !owner.equals(current)) {
            long heard = firstHeardNew.computeIfAbsent(node.id + ">" + current + "/" + owner, k -> now);
            if (now - heard > staleBound()) {
                violation = node.id + " heard incarnation " + sender.generation + " of " + sender.id + " "
                        + (now - heard) + " ms ago and still follows the secret of " + owner;
            }
        }
    }

    /**
     * How long a follower may keep a secret after it became stale: a ping timeout and interval, two delays, and the
     * lateness a replayer can add to a lost datagram.
     */
    private long staleBound() {
        maxDelayEver = Math.max(maxDelayEver, maxDelay);
        return timings.pingTimeout() + timings.pingInterval() + 2 * maxDelayEver + replayLateness + 1;
    }

    void log(Node node, String what) {
        if (trace != null) {
            trace.append(String.format("%8d %s %s%n", now, node.id, what));
        }
    }

    void log(String what) {
        if (trace != null) {
            trace.append(String.format("%8d %s%n", now, what));
        }
    }

    String trace() {
        return trace == null ? "" : trace.toString();
    }
}
