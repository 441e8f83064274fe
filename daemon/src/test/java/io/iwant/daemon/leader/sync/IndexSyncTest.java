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

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** Index sync over real ZeroMQ sockets on the loopback: snapshots, deltas, gaps, leader changes. */
class IndexSyncTest {
    private final ZContext context = new ZContext();
    private final List<AutoCloseable> closing = new ArrayList<>();

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
        SyncServer sync = new SyncServer(new NetworkIndex(), leading);
        sync.register(server);
        int port = server.start();
        closing.add(server);
        return new Node(server, sync, "127.0.0.1:" + port);
    }

    private IndexPublisher publisher(String peerId, FakeIndex index, String leader) {
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
        FakeIndex index = new FakeIndex();
        index.add(file("films/Silicon.Valley.S01E01.mkv", 'a'));
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
        FakeIndex index = new FakeIndex();
        index.add(file("a.txt", 'a'));
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
    void a_delta_after_a_gap_is_refused_with_a_request_for_a_snapshot() {
        SyncServer sync = new SyncServer(new NetworkIndex(), () -> true);
        assertInstanceOf(Sync.SnapshotNeeded.class, sync.delta(new Sync.Delta("p", "10.0.0.1:1",
                new IndexDelta(5, List.of(file("x", 'c')), List.of()))));
        sync.snapshotPart(new Sync.SnapshotPart("p", "10.0.0.1:1", 1, 3, 0, true, List.of()));
        assertInstanceOf(Sync.SnapshotNeeded.class, sync.delta(new Sync.Delta("p", "10.0.0.1:1",
                new IndexDelta(5, List.of(file("x", 'c')), List.of()))));
        assertEquals(new Sync.Ack(4), sync.delta(new Sync.Delta("p", "10.0.0.1:1",
                new IndexDelta(4, List.of(file("x", 'c')), List.of()))));
        assertEquals(new Sync.Ack(4), sync.delta(new Sync.Delta("p", "10.0.0.1:1",
                new IndexDelta(4, List.of(file("x", 'c')), List.of()))), "a duplicate is acknowledged, not applied twice");
        assertInstanceOf(Sync.SnapshotNeeded.class, sync.snapshotPart(
                new Sync.SnapshotPart("p", "10.0.0.1:1", 2, 6, 3, true, List.of())), "a part out of order");
    }
}
