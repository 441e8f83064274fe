package io.iwant.daemon.leader.sync;

import io.iwant.daemon.leader.search.NetworkIndex;
import io.iwant.daemon.peer.PeerCall;
import io.iwant.daemon.peer.PeerServer;
import io.iwant.daemon.util.Health;
import io.iwant.protocol.control.ControlReply;
import io.iwant.protocol.index.IndexDelta;
import io.iwant.protocol.index.IndexEntry;
import io.iwant.protocol.index.IndexSnapshot;
import io.iwant.protocol.peer.PeerMessage;
import io.iwant.protocol.peer.Sync;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.zeromq.ZContext;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** Index sync over real ZeroMQ sockets on the loopback: snapshots, deltas, gaps, leader changes. */
class IndexSyncTest {
    private static final InetAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 1).getAddress();
    private static final InetAddress ELSEWHERE = new InetSocketAddress("10.9.9.9", 1).getAddress();
    private final ZContext context = new ZContext();
    private final List<AutoCloseable> closing = new ArrayList<>();
    /** The members as discovery would list them, and how often the leader asked about each. */
    private final Map<String, InetSocketAddress> members = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> asked = new ConcurrentHashMap<>();

    /** A local index held in memory, with deltas pushed by the test. */
    static class FakeIndex implements IndexSource {
        final List<IndexEntry> entries = new CopyOnWriteArrayList<>();
        final List<Consumer<IndexDelta>> listeners = new CopyOnWriteArrayList<>();
        volatile long version;

        @Override
        public synchronized IndexSnapshot snapshot() {
            return new IndexSnapshot(version, entries);
        }

        @Override
        public void addListener(Consumer<IndexDelta> listener) {
            listeners.add(listener);
        }

        /** An index holding one entry, at version 1. */
        static FakeIndex with(IndexEntry entry) {
            FakeIndex index = new FakeIndex();
            index.add(entry);
            return index;
        }

        synchronized void add(IndexEntry entry) {
            entries.add(entry);
            IndexDelta delta = new IndexDelta(++version, List.of(entry), List.of());
            listeners.forEach(l -> l.accept(delta));
        }

        synchronized void remove(String path) {
            entries.removeIf(e -> e.path().equals(path));
            IndexDelta delta = new IndexDelta(++version, List.of(), List.of(path));
            listeners.forEach(l -> l.accept(delta));
        }
    }

    private record Node(PeerServer server, SyncServer sync, String endpoint) {
    }

    private Node leaderNode(BooleanSupplier leading) {
        PeerServer server = new PeerServer(context, "127.0.0.1", 0, 2);
        SyncServer sync = new SyncServer(new NetworkIndex(), leading, syncMembers());
        sync.register(server);
        int port = server.start();
        closing.add(server);
        return new Node(server, sync, "127.0.0.1:" + port);
    }

    /** The members as the leader's sync sees them. */
    private SyncServer.Members syncMembers() {
        return SyncServer.Members.of(this::memberEndpoint, () -> Set.copyOf(members.keySet()));
    }

    private Optional<InetSocketAddress> memberEndpoint(String peerId) {
        asked.computeIfAbsent(peerId, k -> new AtomicInteger()).incrementAndGet();
        return Optional.ofNullable(members.get(peerId));
    }

    private boolean asked(String peerId) {
        return asked.containsKey(peerId);
    }

    /** A publisher on the loopback of a peer that is a member there (unless the test made it one elsewhere). */
    private IndexPublisher publisher(String peerId, FakeIndex index, String leader) {
        members.putIfAbsent(peerId, new InetSocketAddress("127.0.0.1", 7000 + peerId.length()));
        return stranger(peerId, index, leader);
    }

    /** A publisher whose peer id may not be a member; it says its endpoint is 127.0.0.1:1n. */
    private IndexPublisher stranger(String peerId, FakeIndex index, String leader) {
        IndexPublisher publisher = new IndexPublisher(context, peerId, "127.0.0.1:1" + peerId.length(), index, null);
        publisher.start();
        publisher.leaderChanged(leader);
        closing.add(publisher);
        return publisher;
    }

    @AfterEach
    void close() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
        context.close();
    }

    private static IndexEntry file(String path, char hashDigit) {
        return new IndexEntry(path, 1000, String.valueOf(hashDigit).repeat(64), false);
    }

    private List<String> search(Node leader, String query) {
        PeerMessage reply = PeerCall.request(context, leader.endpoint(), new Sync.Search(query, 10),
                Duration.ofSeconds(5), "the leader");
        return ((Sync.Results) reply).hits().stream().map(Sync.Found::name).toList();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 10 s: " + what);
            }
            Thread.sleep(10);
        }
    }

    @Test
    void a_follower_snapshot_then_its_deltas_reach_the_leaders_search() throws InterruptedException {
        Node leader = leaderNode(() -> true);
        FakeIndex index = FakeIndex.with(file("films/Silicon.Valley.S01E01.mkv", 'a'));
        publisher("p1", index, leader.endpoint());
        await("the snapshot arrives", () -> leader.sync().index().entryCount() == 1);
        assertEquals(List.of("Silicon.Valley.S01E01.mkv"), search(leader, "slicon valey"));

        index.add(file("docs/Quarterly_Report_2023.pdf", 'b'));
        await("the delta arrives", () -> leader.sync().index().entryCount() == 2);
        index.remove("films/Silicon.Valley.S01E01.mkv");
        await("the removal arrives", () -> leader.sync().index().entryCount() == 1);
        assertEquals(List.of(), search(leader, "slicon valey"));
    }

    @Test
    void a_snapshot_of_many_parts_arrives_whole() throws InterruptedException {
        Node leader = leaderNode(() -> true);
        FakeIndex index = new FakeIndex();
        for (int i = 0; i < 12_345; i++) {
            index.entries.add(new IndexEntry("f/file" + i + ".txt", i, String.format("%064x", i), false));
        }
        publisher("p1", index, leader.endpoint());
        await("all parts arrive", () -> leader.sync().index().entryCount() == 12_345);
    }

    @Test
    void twenty_thousand_entries_with_long_paths_reach_a_leader_that_reads_only_small_frames()
            throws InterruptedException {
        Node leader = leaderNode(() -> true);
        FakeIndex index = new FakeIndex();
        String folder = ("folder-" + "x".repeat(240) + "/").repeat(4); // about 1,000 bytes with the name
        for (int i = 0; i < 20_000; i++) {
            index.entries.add(new IndexEntry(folder + "file" + i + ".txt", i, String.format("%064x", i), false));
        }
        publisher("p1", index, leader.endpoint());
        await("every part arrives", () -> leader.sync().index().entryCount() == 20_000);
        assertEquals("file12345.txt", search(leader, "file12345").get(0));
    }

    @Test
    void a_publisher_whose_thread_dies_is_restarted_and_syncs_again() throws InterruptedException {
        Node leader = leaderNode(() -> true);
        AtomicBoolean broken = new AtomicBoolean(true);
        FakeIndex index = new FakeIndex() {
            @Override
            public synchronized IndexSnapshot snapshot() {
                if (broken.getAndSet(false)) {
                    throw new IllegalStateException("the local index failed once");
                }
                return super.snapshot();
            }
        };
        index.add(file("a.txt", 'a'));
        Health health = new Health();
        members.put("p1", new InetSocketAddress("127.0.0.1", 7002));
        IndexPublisher publisher = new IndexPublisher(context, "p1", "127.0.0.1:12", index, health);
        closing.add(publisher);
        publisher.start();
        publisher.leaderChanged(leader.endpoint());
        await("the snapshot arrives after the restart", () -> leader.sync().index().entryCount() == 1);
        assertEquals(List.of(ControlReply.PartState.RESTARTED),
                health.parts().stream().map(ControlReply.Part::state).toList());
    }

    @Test
    void a_leader_that_lost_everything_gets_a_new_snapshot_from_the_next_check() throws InterruptedException {
        Node leader = leaderNode(() -> true);
        FakeIndex index = FakeIndex.with(file("a.txt", 'a'));
        publisher("p1", index, leader.endpoint());
        await("the snapshot arrives", () -> leader.sync().index().entryCount() == 1);
        leader.sync().leadershipChanged(false); // as if it restarted: the network index is gone
        leader.sync().leadershipChanged(true);
        assertEquals(0, leader.sync().index().entryCount());
        await("the check notices and a snapshot follows", () -> leader.sync().index().entryCount() == 1);
    }

    @Test
    void followers_move_to_a_new_leader_and_a_departed_peer_leaves_the_index() throws InterruptedException {
        AtomicBoolean firstLeads = new AtomicBoolean(true);
        Node first = leaderNode(firstLeads::get);
        Node second = leaderNode(() -> !firstLeads.get());
        FakeIndex one = new FakeIndex();
        FakeIndex two = new FakeIndex();
        one.add(file("one.txt", 'a'));
        two.add(file("two.txt", 'b'));
        IndexPublisher p1 = publisher("p1", one, first.endpoint());
        IndexPublisher p2 = publisher("p2", two, first.endpoint());
        await("both indexes at the first leader", () -> first.sync().index().entryCount() == 2);

        firstLeads.set(false);
        first.sync().leadershipChanged(false);
        p1.leaderChanged(second.endpoint());
        p2.leaderChanged(second.endpoint());
        await("both indexes at the second leader", () -> second.sync().index().entryCount() == 2);
        assertEquals(0, first.sync().index().entryCount());
        assertInstanceOf(Sync.NotLeader.class, PeerCall.request(context, first.endpoint(),
                new Sync.Search("one", 5), Duration.ofSeconds(5), "the old leader"));

        second.sync().memberLeft("p2");
        assertEquals(List.of(), search(second, "two"));
        assertEquals(List.of("one.txt"), search(second, "one"));
    }

    @Test
    void a_snapshot_in_another_members_name_from_another_address_changes_nothing() throws InterruptedException {
        Node leader = leaderNode(() -> true);
        members.put("p2", new InetSocketAddress("10.9.9.9", 7000));
        assertEquals(new Sync.Ack(1), leader.sync().snapshotPart(new Sync.SnapshotPart("p2", "10.9.9.9:7000", 1, 1,
                0, true, List.of(file("two.txt", 'b'))), ELSEWHERE));
        FakeIndex forged = FakeIndex.with(file("evil.txt", 'e'));
        stranger("p2", forged, leader.endpoint()); // in p2's name, from the loopback
        await("the leader heard the impostor", () -> asked.get("p2").get() > 1);
        assertEquals(List.of(), search(leader, "evil"));
        assertEquals(List.of("two.txt"), search(leader, "two"));
        assertEquals(List.of("10.9.9.9:7000"), seeders(leader, 'b'));
    }

    @Test
    void a_snapshot_from_a_non_member_is_refused_in_our_words() throws InterruptedException {
        Node leader = leaderNode(() -> true);
        FakeIndex index = FakeIndex.with(file("a.txt", 'a'));
        stranger("stranger", index, leader.endpoint());
        await("the leader heard the stranger", () -> asked("stranger"));
        assertEquals(0, leader.sync().index().entryCount());
        PeerMessage refusal = leader.sync().snapshotPart(new Sync.SnapshotPart("stranger", "127.0.0.1:9", 1, 1, 0,
                true, List.of(file("b.txt", 'b'))), LOOPBACK);
        assertEquals(new PeerMessage.Refused(SyncServer.NOT_A_MEMBER, true), refusal);
        assertEquals(0, leader.sync().index().entryCount());
    }

    @Test
    void a_members_entries_carry_the_endpoint_discovery_knows_not_the_one_it_wrote() throws InterruptedException {
        Node leader = leaderNode(() -> true);
        members.put("p1", new InetSocketAddress("127.0.0.1", 7777));
        FakeIndex index = FakeIndex.with(file("a.txt", 'a'));
        publisher("p1", index, leader.endpoint()); // writes 127.0.0.1:12 in every message
        await("the snapshot arrives", () -> leader.sync().index().entryCount() == 1);
        assertEquals(List.of("127.0.0.1:7777"), seeders(leader, 'a'));
    }

    @Test
    void a_peer_that_is_no_longer_a_member_leaves_the_index_even_if_its_departure_was_not_told()
            throws InterruptedException {
        Node leader = leaderNode(() -> true);
        FakeIndex one = new FakeIndex();
        FakeIndex two = new FakeIndex();
        one.add(file("one.txt", 'a'));
        two.add(file("two.txt", 'b'));
        publisher("p1", one, leader.endpoint());
        publisher("p2", two, leader.endpoint());
        await("both indexes arrive", () -> leader.sync().index().entryCount() == 2);
        members.remove("p2");
        leader.sync().retainMembers();
        assertEquals(List.of("one.txt"), search(leader, "one"));
        assertEquals(List.of(), search(leader, "two"));
    }

    private List<String> seeders(Node leader, char hashDigit) {
        PeerMessage answer = leader.sync().lookup(new Sync.Lookup(String.valueOf(hashDigit).repeat(64)));
        return ((Sync.Located) answer).seeders().stream().map(Sync.Seeder::endpoint).toList();
    }

    @Test
    void a_delta_after_a_gap_is_refused_with_a_request_for_a_snapshot() {
        members.put("p", new InetSocketAddress("10.9.9.9", 1));
        SyncServer sync = new SyncServer(new NetworkIndex(), () -> true, syncMembers());
        assertInstanceOf(Sync.SnapshotNeeded.class, sync.delta(new Sync.Delta("p", "10.0.0.1:1",
                new IndexDelta(5, List.of(file("x", 'c')), List.of())), ELSEWHERE));
        sync.snapshotPart(new Sync.SnapshotPart("p", "10.0.0.1:1", 1, 3, 0, true, List.of()), ELSEWHERE);
        assertInstanceOf(Sync.SnapshotNeeded.class, sync.delta(new Sync.Delta("p", "10.0.0.1:1",
                new IndexDelta(5, List.of(file("x", 'c')), List.of())), ELSEWHERE));
        assertEquals(new Sync.Ack(4), sync.delta(new Sync.Delta("p", "10.0.0.1:1",
                new IndexDelta(4, List.of(file("x", 'c')), List.of())), ELSEWHERE));
        assertEquals(new Sync.Ack(4), sync.delta(new Sync.Delta("p", "10.0.0.1:1",
                new IndexDelta(4, List.of(file("x", 'c')), List.of())), ELSEWHERE),
                "a duplicate is acknowledged, not applied twice");
        assertInstanceOf(Sync.SnapshotNeeded.class, sync.snapshotPart(
                new Sync.SnapshotPart("p", "10.0.0.1:1", 2, 6, 3, true, List.of()), ELSEWHERE), "a part out of order");
    }

    @Test
    void a_search_names_the_members_whose_whole_snapshot_has_not_been_taken_in() {
        members.put("p", new InetSocketAddress("10.9.9.9", 1));
        members.put("q", new InetSocketAddress("10.9.9.8", 1));
        SyncServer sync = new SyncServer(new NetworkIndex(), () -> true, syncMembers());
        assertEquals(List.of("p", "q"), pending(sync));

        sync.snapshotPart(new Sync.SnapshotPart("p", "10.9.9.9:1", 1, 3, 0, false, List.of(file("report.pdf", 'c'))),
                ELSEWHERE);
        assertEquals(List.of("p", "q"), pending(sync), "a snapshot half taken in");
        sync.snapshotPart(new Sync.SnapshotPart("p", "10.9.9.9:1", 1, 3, 1, true, List.of()), ELSEWHERE);
        assertEquals(List.of("q"), pending(sync));
        assertEquals(List.of("report.pdf"), ((Sync.Results) sync.search(new Sync.Search("report", 10))).hits().stream()
                .map(Sync.Found::name).toList());

        sync.snapshotPart(new Sync.SnapshotPart("p", "10.9.9.9:1", 2, 3, 0, false, List.of()), ELSEWHERE);
        assertEquals(List.of("p", "q"), pending(sync), "a new snapshot of p has begun");
        members.remove("q");
        assertEquals(List.of("p"), pending(sync), "q left");
    }

    private static List<String> pending(SyncServer sync) {
        return ((Sync.Results) sync.search(new Sync.Search("anything", 10))).pending();
    }

    @Test
    void deltas_and_checks_are_taken_only_from_the_members_address() {
        members.put("p", new InetSocketAddress("10.9.9.9", 1));
        SyncServer sync = new SyncServer(new NetworkIndex(), () -> true, syncMembers());
        sync.snapshotPart(new Sync.SnapshotPart("p", "10.9.9.9:1", 1, 3, 0, true, List.of()), ELSEWHERE);
        PeerMessage refused = new PeerMessage.Refused(SyncServer.NOT_A_MEMBER, true);
        assertEquals(refused, sync.delta(new Sync.Delta("p", "10.9.9.9:1",
                new IndexDelta(4, List.of(file("x", 'c')), List.of())), LOOPBACK));
        assertEquals(refused, sync.check(new Sync.Check("p", "10.9.9.9:1", 3), LOOPBACK));
        assertEquals(refused, sync.check(new Sync.Check("p", "10.9.9.9:1", 3), null), "an unknown source");
        assertEquals(new Sync.Ack(3), sync.check(new Sync.Check("p", "10.9.9.9:1", 3), ELSEWHERE));
        assertEquals(0, sync.index().entryCount());
    }
}
