package io.iwant.daemon.election;

import io.iwant.daemon.discovery.DiscoveryNode;
import io.iwant.daemon.discovery.DiscoveryTransport;
import io.iwant.daemon.discovery.NodeAction;
import io.iwant.daemon.discovery.Membership;
import io.iwant.protocol.discovery.Beacon;
import io.iwant.protocol.discovery.Bye;
import io.iwant.protocol.discovery.DiscoveryMessage;
import io.iwant.protocol.discovery.PeerStamp;
import io.iwant.protocol.discovery.Victory;
import io.iwant.protocol.wire.Limits;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;

/**
 * N peers on a simulated network with one virtual clock: each peer runs the real {@link DiscoveryNode} (with the
 * real membership view and {@link Election} inside), fed as the discovery thread feeds it, on its own monotonic
 * clock (a random offset of up to decades from the virtual time), and sends through an in-memory
 * {@link DiscoveryTransport}. The network loses, delays, duplicates and partitions datagrams as told; everything
 * random comes from one seed, so a run is reproducible from its seed.
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
        FAKE_IDS(250);

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
        DiscoveryNode discovery;
        long trueStart;
        int generation;
        long wakeAt = Long.MAX_VALUE;
        long leadingSecret;

        Node(int index) {
            this.index = index;
            this.id = "peer-" + (char) ('a' + index);
            this.address = InetSocketAddress.createUnresolved(id, 7377);
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
            for (Node to : nodes) {
                if (to != this) {
                    send(this, to, message);
                }
            }
            return true;
        }

        @Override
        public boolean toAddress(InetSocketAddress target, DiscoveryMessage message) {
            send(this, byAddress.get(target), message);
            return true;
        }
    }

    private record Scheduled(long time, long seq, Runnable action) {
    }

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
    private final StringBuilder trace;
    private int adversaries;
    private long seq;
    long now;
    int[] side;
    double loss;
    double duplication;
    long minDelay;
    long maxDelay;
    private long maxDelayEver;
    long messages;
    String violation;

    SimulatedNetwork(Timings timings, long seed, int size, boolean tracing) {
        this.timings = timings;
        this.random = new Random(seed);
        this.trace = tracing ? new StringBuilder() : null;
        this.side = new int[size];
        for (int i = 0; i < size; i++) {
            Node node = new Node(i);
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

    void at(long time, Runnable action) {
        queue.add(new Scheduled(Math.max(time, now), seq++, action));
    }

    void start(Node node) {
        node.discovery = new DiscoveryNode(node.id, 7378, List.of(), timings, node.local(),
                new Random(random.nextLong()));
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

    private void deliver(InetSocketAddress source, Node node, DiscoveryMessage message) {
        if (!node.alive() || message.from().peerId().equals(node.id)) {
            return;
        }
        messages++;
        carryOut(node, node.discovery.handle(message, source, node.local()));
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
            } else if (action instanceof NodeAction.Left left) {
                log(node, "sees " + left.member().peerId() + " leave");
                checkNotRemovedWhileHeard(node, left.member());
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

    private void send(Node from, Node to, DiscoveryMessage message) {
        if (to == null || to == from) {
            return; // to nobody, or to an adversary's address: adversaries never answer
        }
        if (side[from.index] != side[to.index] || random.nextDouble() < loss) {
            lastDrop.put(from.index * nodes.size() + to.index, now);
            return;
        }
        transmit(from.address, to, message);
    }

    /** Puts a datagram from {@code source} on the wire to {@code to}: delayed, possibly duplicated. */
    private void transmit(InetSocketAddress source, Node to, DiscoveryMessage message) {
        int copies = random.nextDouble() < duplication ? 2 : 1;
        for (int i = 0; i < copies; i++) {
            long delay = minDelay + (maxDelay > minDelay ? random.nextInt((int) (maxDelay - minDelay + 1)) : 0);
            // Addressed to the peer id, not the incarnation: a restarted peer gets what was sent to its predecessor.
            at(now + delay, () -> deliver(source, to, message));
        }
    }

    /**
     * Adds a hostile peer that acts from {@code start} on, every {@code period} ms, until the end of the run. It
     * sends to every live honest peer, whatever the partitions (it is on every side), subject to loss; pings to it
     * are lost, so it never proves anything.
     */
    void addAdversary(Adversary kind, long start, boolean spoofsSource) {
        int number = adversaries++;
        String id = "evil-" + number;
        InetSocketAddress address = InetSocketAddress.createUnresolved(id, 7377);
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
                }
                at(now + kind.period, this);
            }
        });
    }

    private void hostile(InetSocketAddress source, DiscoveryMessage message) {
        for (Node to : nodes) {
            if (to.alive() && !to.address.equals(source) && random.nextDouble() >= loss) {
                transmit(source, to, message);
            }
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

    /** How long a follower may keep a secret after it became stale: a ping timeout and interval, two delays. */
    private long staleBound() {
        maxDelayEver = Math.max(maxDelayEver, maxDelay);
        return timings.pingTimeout() + timings.pingInterval() + 2 * maxDelayEver + 1;
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
