package io.iwant.daemon.leader.sync;

import io.iwant.protocol.index.IndexDelta;
import io.iwant.protocol.index.IndexEntry;
import io.iwant.protocol.index.IndexSnapshot;
import io.iwant.protocol.peer.PeerMessage;
import io.iwant.protocol.peer.Sync;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

import static io.iwant.daemon.leader.sync.SyncSession.CHECK_MILLIS;
import static io.iwant.daemon.leader.sync.SyncSession.RETRY_MILLIS;
import static io.iwant.daemon.leader.sync.SyncSession.SILENCE_MILLIS;
import static io.iwant.daemon.leader.sync.SyncSession.SNAPSHOT_SILENCE_MILLIS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sync session on virtual time: what it sends the leader for each thing that happens, without any socket. */
class SyncSessionTest {
    private static final String A = "10.0.0.1:7000";
    private static final String B = "10.0.0.2:7000";

    private final SyncSession session = new SyncSession("p1", "10.0.0.9:7000", PeerMessage.MAX_REQUEST, 100);
    private IndexSnapshot local = new IndexSnapshot(0, List.of());
    private long now = 1_000;

    /** Feeds an event and, like the loop, hands back a snapshot whenever one is asked for; returns every action. */
    private List<SyncAction> feed(SyncEvent event) {
        List<SyncAction> out = new ArrayList<>(session.handle(event, now));
        for (int i = 0; i < out.size(); i++) {
            if (out.get(i) instanceof SyncAction.TakeSnapshot) {
                out.addAll(session.handle(new SyncEvent.SnapshotTaken(local), now));
            }
        }
        return out;
    }

    private List<SyncAction> at(long time, SyncEvent event) {
        now = time;
        return feed(event);
    }

    private static List<PeerMessage> sent(List<SyncAction> actions) {
        return actions.stream().filter(a -> a instanceof SyncAction.Send).map(a -> ((SyncAction.Send) a).message())
                .toList();
    }

    private static <T> List<T> sent(List<SyncAction> actions, Class<T> type) {
        return sent(actions).stream().filter(type::isInstance).map(type::cast).toList();
    }

    private static IndexEntry file(String path) {
        return new IndexEntry(path, 1, "a".repeat(64), false);
    }

    private static IndexDelta added(long version, String path) {
        return new IndexDelta(version, List.of(file(path)), List.of());
    }

    private static SyncEvent.Replied reply(int connection, PeerMessage message) {
        return new SyncEvent.Replied(connection, message);
    }

    /** Follows A and gets its snapshot out: the state every test starts from. */
    private List<SyncAction> followA() {
        local = new IndexSnapshot(2, List.of(file("a.txt"), file("b.txt")));
        return feed(new SyncEvent.LeaderChanged(A));
    }

    @Test
    void a_new_leader_gets_a_connection_a_snapshot_then_each_change_and_a_check_every_couple_of_seconds() {
        List<SyncAction> first = followA();
        assertEquals(new SyncAction.Connect(1, A), first.get(0));
        Sync.SnapshotPart part = sent(first, Sync.SnapshotPart.class).get(0);
        assertEquals(2, part.version());
        assertTrue(part.last());
        assertEquals(2, part.entries().size());

        List<SyncAction> change = feed(new SyncEvent.LocalChange(added(3, "c.txt")));
        assertEquals(3, sent(change, Sync.Delta.class).get(0).delta().version());
        assertEquals(List.of(), sent(at(now + CHECK_MILLIS - 1, new SyncEvent.Tick())));
        assertEquals(List.of(new Sync.Check("p1", "10.0.0.9:7000", 3)),
                sent(at(now + 1, new SyncEvent.Tick())));
        assertEquals(now + CHECK_MILLIS, session.nextDeadline());
    }

    @Test
    void changes_already_in_the_snapshot_are_not_sent_again() {
        feed(new SyncEvent.LocalChange(added(1, "a.txt")));
        feed(new SyncEvent.LocalChange(added(2, "b.txt")));
        feed(new SyncEvent.LocalChange(added(3, "c.txt")));
        local = new IndexSnapshot(2, List.of(file("a.txt"), file("b.txt")));
        List<SyncAction> out = feed(new SyncEvent.LeaderChanged(A));
        assertEquals(List.of(3L), sent(out, Sync.Delta.class).stream().map(d -> d.delta().version()).toList());
    }

    @Test
    void a_leader_change_mid_snapshot_starts_over_on_a_fresh_connection_and_the_old_leaders_answers_change_nothing() {
        Sync.SnapshotPart toA = sent(followA(), Sync.SnapshotPart.class).get(0);

        List<SyncAction> moved = at(now + 10, new SyncEvent.LeaderChanged(B));
        assertEquals(new SyncAction.Connect(2, B), moved.get(0));
        Sync.SnapshotPart toB = sent(moved, Sync.SnapshotPart.class).get(0);
        assertEquals(0, toB.part());
        assertTrue(toB.snapshotId() != toA.snapshotId(), "a new snapshot, not the rest of the old one");

        assertEquals(List.of(), at(now + 10, reply(1, new Sync.SnapshotNeeded("version gap after 1"))),
                "a late answer of the old leader");
        assertEquals(SyncSession.Phase.SYNCED, session.phase());
    }

    @Test
    void a_leader_that_asks_for_a_snapshot_gets_one_at_once_and_the_changes_after_it() {
        followA();
        feed(new SyncEvent.LocalChange(added(3, "c.txt")));
        local = new IndexSnapshot(4, List.of(file("a.txt"), file("b.txt"), file("c.txt"), file("d.txt")));
        feed(new SyncEvent.LocalChange(added(4, "d.txt")));
        feed(new SyncEvent.LocalChange(added(5, "e.txt")));

        List<SyncAction> out = at(now + 5, reply(1, new Sync.SnapshotNeeded("version gap after 3")));
        assertEquals(4, sent(out, Sync.SnapshotPart.class).get(0).version());
        assertEquals(List.of(), sent(out, Sync.Delta.class), "4 and 5 went out before the request");
        feed(new SyncEvent.LocalChange(added(6, "f.txt")));
        assertEquals(SyncSession.Phase.SYNCED, session.phase());
    }

    @Test
    void a_lost_ack_costs_nothing_the_next_check_confirms_the_version() {
        followA(); // the snapshot's Ack never comes
        List<SyncAction> check = at(now + CHECK_MILLIS, new SyncEvent.Tick());
        assertEquals(List.of(new Sync.Check("p1", "10.0.0.9:7000", 2)), sent(check));
        List<SyncAction> answered = at(now + 3, reply(1, new Sync.Ack(2)));
        assertEquals(List.of(), answered);
        assertEquals(List.of(3L), sent(feed(new SyncEvent.LocalChange(added(3, "c.txt"))), Sync.Delta.class)
                .stream().map(d -> d.delta().version()).toList());
    }

    @Test
    void a_leader_silent_for_several_checks_is_connected_to_anew_with_a_snapshot() {
        followA();
        at(now + 1, reply(1, new Sync.Ack(2)));
        long start = now;
        for (long t = start + CHECK_MILLIS; t <= start + SILENCE_MILLIS; t += CHECK_MILLIS) {
            assertEquals(List.of(new Sync.Check("p1", "10.0.0.9:7000", 2)), sent(at(t, new SyncEvent.Tick())));
        }
        List<SyncAction> out = at(start + SILENCE_MILLIS + 1, new SyncEvent.Tick());
        assertEquals(new SyncAction.Connect(2, A), out.get(0));
        assertEquals(1, sent(out, Sync.SnapshotPart.class).size());
    }

    @Test
    void changes_lost_on_the_way_from_the_local_index_are_replaced_by_a_snapshot() {
        followA();
        local = new IndexSnapshot(7, List.of(file("a.txt")));
        List<SyncAction> out = at(now + 1, new SyncEvent.ChangesLost());
        assertEquals(7, sent(out, Sync.SnapshotPart.class).get(0).version());
    }

    @Test
    void a_leader_restarted_or_elected_again_is_checked_at_once_and_gets_a_snapshot_if_it_lost_this_peer() {
        followA();
        at(now + 1, reply(1, new Sync.Ack(2)));
        List<SyncAction> reelected = at(now + 1, new SyncEvent.LeaderChanged(A));
        assertTrue(reelected.stream().noneMatch(a -> a instanceof SyncAction.Connect), "the same connection");
        assertEquals(List.of(new Sync.Check("p1", "10.0.0.9:7000", 2)), sent(reelected), "a check, not a snapshot");
        assertEquals(List.of(), sent(at(now + 1, reply(1, new Sync.Ack(2)))), "it kept this peer's index");

        List<SyncAction> restarted = at(now + 1, new SyncEvent.LeaderChanged(A));
        assertEquals(List.of(new Sync.Check("p1", "10.0.0.9:7000", 2)), sent(restarted));
        List<SyncAction> forgot = at(now + 1, reply(1, new Sync.SnapshotNeeded("unknown peer")));
        assertEquals(1, sent(forgot, Sync.SnapshotPart.class).size());
    }

    @Test
    void a_leader_slow_to_answer_a_snapshot_gets_thirty_seconds_before_it_is_sent_again() {
        followA();
        long start = now;
        for (long t = start + CHECK_MILLIS; t <= start + SNAPSHOT_SILENCE_MILLIS; t += CHECK_MILLIS) {
            assertEquals(List.of(new Sync.Check("p1", "10.0.0.9:7000", 2)), sent(at(t, new SyncEvent.Tick())),
                    "still waiting at " + (t - start) + " ms");
        }
        assertEquals(start + SNAPSHOT_SILENCE_MILLIS + 1, session.nextDeadline());
        List<SyncAction> out = at(start + SNAPSHOT_SILENCE_MILLIS + 1, new SyncEvent.Tick());
        assertEquals(new SyncAction.Connect(2, A), out.get(0));
        assertEquals(1, sent(out, Sync.SnapshotPart.class).size());
    }

    @Test
    void a_refusing_leader_gets_only_checks_until_it_takes_this_peer_again() {
        followA();
        at(now + 1, reply(1, new PeerMessage.Refused("not a member", true)));
        assertEquals(SyncSession.Phase.REFUSED, session.phase());
        assertEquals(List.of(), sent(feed(new SyncEvent.LocalChange(added(3, "c.txt")))), "held back");
        assertEquals(List.of(new Sync.Check("p1", "10.0.0.9:7000", 2)), sent(at(now + RETRY_MILLIS,
                new SyncEvent.Tick())));
        at(now + 1, reply(1, new PeerMessage.Refused("not a member", true)));
        assertEquals(List.of(new Sync.Check("p1", "10.0.0.9:7000", 2)), sent(at(now + RETRY_MILLIS,
                new SyncEvent.Tick())));

        List<SyncAction> taken = at(now + 1, reply(1, new Sync.SnapshotNeeded("unknown peer")));
        assertEquals(1, sent(taken, Sync.SnapshotPart.class).size());
        assertEquals(SyncSession.Phase.SYNCED, session.phase());
    }

    @Test
    void a_leader_that_was_only_busy_confirms_the_version_and_the_held_back_changes_follow() {
        followA();
        at(now + 1, reply(1, new PeerMessage.Refused("busy", true)));
        feed(new SyncEvent.LocalChange(added(3, "c.txt")));
        List<SyncAction> resumed = at(now + RETRY_MILLIS, reply(1, new Sync.Ack(2)));
        assertEquals(List.of(3L), sent(resumed, Sync.Delta.class).stream().map(d -> d.delta().version()).toList());
        assertEquals(List.of(), sent(resumed, Sync.SnapshotPart.class));
    }

    @Test
    void a_failed_send_is_tried_again_after_a_pause() {
        followA();
        assertEquals(List.of(), at(now + 1, new SyncEvent.SendFailed(1)));
        assertEquals(1, sent(at(now + RETRY_MILLIS, new SyncEvent.Tick()), Sync.SnapshotPart.class).size());
    }

    @Test
    void a_peer_that_does_not_lead_yet_gets_checks_and_the_snapshot_once_it_leads() {
        followA();
        // every part of the snapshot comes back refused
        assertEquals(List.of(), at(now + 1, reply(1, new Sync.NotLeader())));
        assertEquals(List.of(), at(now + 1, reply(1, new Sync.NotLeader())));
        assertEquals(SyncSession.Phase.REFUSED, session.phase());
        for (int i = 0; i < 5; i++) {
            assertEquals(List.of(new Sync.Check("p1", "10.0.0.9:7000", 2)), sent(at(now + RETRY_MILLIS,
                    new SyncEvent.Tick())), "a check, not a snapshot");
            at(now + 1, reply(1, new Sync.NotLeader()));
        }
        at(now + RETRY_MILLIS, new SyncEvent.Tick());
        List<SyncAction> leads = at(now + 1, reply(1, new Sync.SnapshotNeeded("unknown peer")));
        assertEquals(1, sent(leads, Sync.SnapshotPart.class).size());
        assertEquals(SyncSession.Phase.SYNCED, session.phase());
    }

    @Test
    void no_leader_means_no_connection_and_nothing_sent() {
        followA();
        assertEquals(List.of(new SyncAction.Disconnect()), at(now + 1, new SyncEvent.LeaderChanged(null)));
        assertEquals(List.of(), feed(new SyncEvent.LocalChange(added(3, "c.txt"))));
        assertEquals(Long.MAX_VALUE, session.nextDeadline());
    }

    @Test
    void a_large_snapshot_goes_in_parts_under_the_request_limit_with_every_entry_once_in_order() {
        List<IndexEntry> entries = IntStream.range(0, 20_000)
                .mapToObj(i -> file("d".repeat(990) + "/f" + i)).toList();
        local = new IndexSnapshot(9, entries);
        List<SyncAction> out = feed(new SyncEvent.LeaderChanged(A));
        List<Sync.SnapshotPart> parts = sent(out, Sync.SnapshotPart.class);
        assertTrue(parts.size() > 80, parts.size() + " parts");
        for (int i = 0; i < parts.size(); i++) {
            assertEquals(i, parts.get(i).part());
            assertEquals(i == parts.size() - 1, parts.get(i).last());
        }
        assertEquals(entries, parts.stream().flatMap(p -> p.entries().stream()).toList());
        assertFramesFit(out);
    }

    @Test
    void a_large_change_becomes_several_deltas_of_consecutive_versions_and_later_versions_follow_on() {
        followA();
        // 3-byte characters: the longest encoding a path can have
        List<IndexEntry> upserts = IntStream.range(0, 5_000)
                .mapToObj(i -> file(("\u20ac".repeat(300) + "/").repeat(3) + i)).toList();
        List<String> removed = IntStream.range(0, 5_000)
                .mapToObj(i -> ("x".repeat(1000) + "/").repeat(2) + i).toList();
        List<SyncAction> out = feed(new SyncEvent.LocalChange(new IndexDelta(3, upserts, removed)));
        List<IndexDelta> deltas = sent(out, Sync.Delta.class).stream().map(Sync.Delta::delta).toList();
        assertTrue(deltas.size() > 2, deltas.size() + " deltas");
        for (int i = 0; i < deltas.size(); i++) {
            assertEquals(3 + i, deltas.get(i).version());
        }
        assertEquals(removed, deltas.stream().flatMap(d -> d.removed().stream()).toList());
        assertEquals(upserts, deltas.stream().flatMap(d -> d.upserts().stream()).toList());
        List<Boolean> removing = deltas.stream().map(d -> !d.removed().isEmpty()).toList();
        assertEquals(removing.stream().sorted(Comparator.reverseOrder()).toList(), removing,
                "removals go first, as within one delta");
        assertFramesFit(out);

        long last = deltas.get(deltas.size() - 1).version();
        assertEquals(last + 1, sent(feed(new SyncEvent.LocalChange(added(4, "z.txt"))), Sync.Delta.class).get(0)
                .delta().version());
        assertEquals(List.of(new Sync.Check("p1", "10.0.0.9:7000", last + 1)),
                sent(at(now + CHECK_MILLIS, new SyncEvent.Tick())));
    }

    private static void assertFramesFit(List<SyncAction> out) {
        for (SyncAction action : out) {
            if (action instanceof SyncAction.Send send) {
                assertTrue(send.frame().length <= PeerMessage.MAX_REQUEST, send.frame().length + " bytes");
            }
        }
    }

    @Test
    void a_frame_limit_too_small_for_the_longest_entry_is_refused() {
        assertThrows(IllegalArgumentException.class, () -> new SyncSession("p1", "10.0.0.9:7000", 4096, 0));
    }
}
