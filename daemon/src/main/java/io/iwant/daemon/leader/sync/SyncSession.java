package io.iwant.daemon.leader.sync;

import io.iwant.protocol.index.IndexDelta;
import io.iwant.protocol.index.IndexEntry;
import io.iwant.protocol.index.IndexSnapshot;
import io.iwant.protocol.peer.PeerMessage;
import io.iwant.protocol.peer.Sync;
import io.iwant.protocol.wire.Codec;
import io.iwant.protocol.wire.Limits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * This peer's side of index sync as a pure state machine: {@link #handle} takes one {@link SyncEvent} and the time,
 * and returns the {@link SyncAction}s to carry out; it reads no clock, opens no socket and starts no thread, so tests
 * drive it on virtual time. Not thread-safe: one thread (the {@link IndexPublisher}'s loop) feeds it.
 *
 * <p>The protocol: on a new leader (or when the leader asks) a snapshot in parts, then every local change as a delta
 * in order, and every {@value #CHECK_MILLIS} ms a check of the version, which a leader that lost track answers with
 * {@link Sync.SnapshotNeeded}. Every frame stays under the frame limit: a snapshot is cut into parts and a large
 * change into several deltas of consecutive versions by their size in bytes, so the versions on the wire run ahead of
 * the local index's by the number of extra deltas ({@code shift}). A leader that refuses this peer (not a member yet,
 * busy, or not leading yet) gets only checks, every {@value #RETRY_MILLIS} ms, until it takes them again; a leader
 * silent for {@value #SILENCE_MILLIS} ms ({@value #SNAPSHOT_SILENCE_MILLIS} ms after a snapshot) is connected to
 * anew. Replies are tied to the connection they came on, so a late answer of a previous leader changes nothing.
 */
final class SyncSession {
    private static final Logger log = LoggerFactory.getLogger(SyncSession.class);
    static final long CHECK_MILLIS = 2000;
    /** Silence from the leader after which the connection is made again. */
    static final long SILENCE_MILLIS = 5 * CHECK_MILLIS + 500;
    /**
     * Silence after a snapshot, before anything answered it: a leader that has just taken over takes every
     * follower's snapshot at once, in order, and measured 15 s to get through 23 of 12,500 entries on a loaded
     * machine. Connecting again sooner sends the snapshot a second time, behind the first, and doubles that work.
     */
    static final long SNAPSHOT_SILENCE_MILLIS = 30_000;
    static final long RETRY_MILLIS = 500;
    /** Local changes waiting beyond this are dropped in favour of a fresh snapshot. */
    static final int MAX_PENDING = 1000;

    enum Phase {
        /** No leader to follow. */
        IDLE,
        /** A snapshot is to be sent once {@code dueAt} has come. */
        SNAPSHOT_DUE,
        /** The leader has (or is getting) the snapshot and every delta since; changes go out as they come. */
        SYNCED,
        /** The leader refused what this peer sent: only checks go out until it takes them again. */
        REFUSED
    }

    private final String peerId;
    private final String endpoint;
    private final int maxFrame;
    private final long budget;
    private final ArrayDeque<IndexDelta> pending = new ArrayDeque<>();
    private long nextSnapshotId;

    private Phase phase = Phase.IDLE;
    private String leader;
    private int connection;
    private long dueAt;
    private long nextCheck;
    private long lastReply;
    /** A snapshot went out on this connection and nothing has answered since. */
    private boolean snapshotUnanswered;
    /** While {@link Phase#REFUSED}: a snapshot is owed once the leader takes messages again. */
    private boolean owesSnapshot;
    /** The local version the leader has been sent up to, and how far the wire's versions run ahead of it. */
    private long sentLocal = -1;
    private long shift;

    /**
     * @param peerId          this peer's id
     * @param endpoint        this peer's own peer endpoint ("host:port"), carried in every message
     * @param maxFrame        the largest frame the leader reads ({@link PeerMessage#MAX_REQUEST})
     * @param firstSnapshotId the id of the first snapshot; later ones count up (a restarted session starts elsewhere)
     */
    SyncSession(String peerId, String endpoint, int maxFrame, long firstSnapshotId) {
        this.peerId = Objects.requireNonNull(peerId, "peerId");
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.maxFrame = maxFrame;
        this.budget = (long) maxFrame - Batches.utf8Length(peerId) - Batches.utf8Length(endpoint)
                - Batches.MESSAGE_OVERHEAD;
        if (budget < Limits.MAX_PATH_BYTES + Batches.ENTRY_OVERHEAD) {
            throw new IllegalArgumentException("a frame of " + maxFrame + " bytes cannot carry the longest entry");
        }
        this.nextSnapshotId = firstSnapshotId;
    }

    /** The transition function: applies one event at {@code now} (ms, monotonic) and returns what to do, in order. */
    List<SyncAction> handle(SyncEvent event, long now) {
        List<SyncAction> out = new ArrayList<>();
        if (event instanceof SyncEvent.LeaderChanged e) {
            follow(e.endpoint(), now, out);
        } else if (event instanceof SyncEvent.LocalChange e) {
            if (e.delta().version() > sentLocal) {
                pending.add(e.delta());
                if (pending.size() > MAX_PENDING) {
                    changesLost();
                }
            }
        } else if (event instanceof SyncEvent.ChangesLost) {
            changesLost();
        } else if (event instanceof SyncEvent.SnapshotTaken e) {
            if (phase == Phase.SNAPSHOT_DUE) {
                sendSnapshot(e.snapshot(), now, out);
            }
        } else if (event instanceof SyncEvent.Replied e) {
            if (e.connection() == connection && phase != Phase.IDLE) {
                lastReply = now;
                snapshotUnanswered = false;
                onReply(e.reply(), now);
            }
        } else if (event instanceof SyncEvent.SendFailed e) {
            if (e.connection() == connection && phase != Phase.IDLE) {
                log.info("index sync: the leader at {} is not taking what this peer sends; retrying", leader);
                snapshotDue(now + RETRY_MILLIS);
            }
        }
        if (phase != Phase.IDLE && now - lastReply > silence()) {
            log.info("index sync: no answer from the leader at {} for {} ms; connecting again", leader,
                    now - lastReply);
            connect(now, out);
        }
        send(now, out);
        return out;
    }

    /** When {@link #handle} wants the next {@link SyncEvent.Tick} at the latest; {@code Long.MAX_VALUE} for never. */
    long nextDeadline() {
        long silence = lastReply + silence() + 1;
        return switch (phase) {
            case IDLE -> Long.MAX_VALUE;
            case SNAPSHOT_DUE -> Math.min(dueAt, silence);
            case SYNCED, REFUSED -> Math.min(nextCheck, silence);
        };
    }

    /** How long the leader may stay silent before the connection is made again. */
    private long silence() {
        return snapshotUnanswered ? SNAPSHOT_SILENCE_MILLIS : SILENCE_MILLIS;
    }

    Phase phase() {
        return phase;
    }

    /** The version the leader holds once it has applied everything sent so far (-1 before any snapshot). */
    long sentVersion() {
        return sentLocal < 0 ? -1 : sentLocal + shift;
    }

    private void follow(String target, long now, List<SyncAction> out) {
        if (Objects.equals(target, leader)) {
            if (target != null && phase == Phase.SYNCED) {
                // the same leader after a restart or re-election: a check at once, which a leader that lost this
                // peer's index answers with SnapshotNeeded. A snapshot each time cost a leader whose election
                // flapped under load one more snapshot from every follower per flap.
                nextCheck = now;
            }
            return;
        }
        leader = target;
        if (target == null) {
            phase = Phase.IDLE;
            out.add(new SyncAction.Disconnect());
            return;
        }
        log.info("index sync: following the leader at {}", target);
        connect(now, out);
    }

    /** A fresh connection to the leader, and a snapshot over it: whatever went over an earlier one may be lost. */
    private void connect(long now, List<SyncAction> out) {
        connection++;
        out.add(new SyncAction.Connect(connection, leader));
        lastReply = now;
        snapshotDue(now);
    }

    private void snapshotDue(long at) {
        phase = Phase.SNAPSHOT_DUE;
        dueAt = at;
        owesSnapshot = false;
    }

    private void changesLost() {
        pending.clear();
        if (phase == Phase.SYNCED) {
            snapshotDue(dueAt);
        } else if (phase == Phase.REFUSED) {
            owesSnapshot = true;
        }
    }

    private void onReply(PeerMessage reply, long now) {
        if (reply instanceof Sync.SnapshotNeeded needed) {
            log.info("index sync: the leader asks for a snapshot ({})", needed.reason());
            snapshotDue(dueAt);
        } else if (reply instanceof Sync.NotLeader) {
            // not yet (discovery named it a moment before it knew) or not at all (discovery will name the real one):
            // checks, not snapshots, until it takes them. Right after a leader dies, every follower asks its
            // successor at once, and a whole snapshot each every RETRY_MILLIS loaded the network it was to serve.
            refused(now, "it does not lead");
        } else if (reply instanceof PeerMessage.Refused refused) {
            refused(now, refused.reason());
        } else if (reply instanceof Sync.Ack ack) {
            if (phase == Phase.REFUSED && ack.version() == sentVersion()) {
                log.info("index sync: the leader at {} takes this peer's index again", leader);
                if (owesSnapshot) {
                    snapshotDue(now);
                } else {
                    phase = Phase.SYNCED;
                }
            }
        } else {
            log.debug("index sync: leader answered {}", reply.getClass().getSimpleName());
        }
    }

    /** The leader took nothing: only checks go out, every {@link #RETRY_MILLIS}, until it takes them again. */
    private void refused(long now, String why) {
        if (phase != Phase.REFUSED) {
            log.info("index sync: the leader at {} refused this peer ({}); asking again", leader, why);
            owesSnapshot = phase == Phase.SNAPSHOT_DUE;
            phase = Phase.REFUSED;
        }
        nextCheck = now + RETRY_MILLIS;
    }

    private void send(long now, List<SyncAction> out) {
        switch (phase) {
            case IDLE -> {
            }
            case SNAPSHOT_DUE -> {
                if (now >= dueAt) {
                    out.add(new SyncAction.TakeSnapshot());
                }
            }
            case REFUSED -> {
                if (now >= nextCheck) {
                    out.add(send(new Sync.Check(peerId, endpoint, sentVersion()), true));
                    nextCheck = now + RETRY_MILLIS;
                }
            }
            case SYNCED -> {
                sendPending(out);
                if (now >= nextCheck) {
                    out.add(send(new Sync.Check(peerId, endpoint, sentVersion()), true));
                    nextCheck = now + CHECK_MILLIS;
                }
            }
        }
    }

    private void sendSnapshot(IndexSnapshot snapshot, long now, List<SyncAction> out) {
        long id = ++nextSnapshotId;
        long version = snapshot.version() + shift;
        List<List<IndexEntry>> parts = Batches.cut(snapshot.entries(), Batches::entryBytes, budget,
                Sync.MAX_PART_ENTRIES);
        int count = Math.max(1, parts.size());
        for (int part = 0; part < count; part++) {
            List<IndexEntry> entries = parts.isEmpty() ? List.of() : parts.get(part);
            boolean last = part == count - 1;
            out.add(send(new Sync.SnapshotPart(peerId, endpoint, id, version, part, last, entries), false));
        }
        sentLocal = snapshot.version();
        snapshotUnanswered = true;
        pending.removeIf(d -> d.version() <= sentLocal);
        phase = Phase.SYNCED;
        nextCheck = now + CHECK_MILLIS;
        log.info("index sync: sent a snapshot of {} entries in {} parts at version {} to {}",
                snapshot.entries().size(), count, version, leader);
    }

    /** Sends the waiting changes in order, each cut into as many deltas of consecutive versions as its size needs. */
    private void sendPending(List<SyncAction> out) {
        IndexDelta delta;
        while ((delta = pending.poll()) != null) {
            if (delta.version() <= sentLocal) {
                continue;
            }
            long version = delta.version() + shift;
            List<IndexDelta> pieces = cut(delta, version);
            pieces.forEach(piece -> out.add(send(new Sync.Delta(peerId, endpoint, piece), false)));
            shift += pieces.size() - 1;
            sentLocal = delta.version();
        }
    }

    /** The delta on the wire from {@code version} on: whole if it fits, else removals first, then upserts. */
    private List<IndexDelta> cut(IndexDelta delta, long version) {
        long size = 0;
        for (String path : delta.removed()) {
            size += Batches.pathBytes(path);
        }
        for (IndexEntry entry : delta.upserts()) {
            size += Batches.entryBytes(entry);
        }
        if (size <= budget) {
            return List.of(new IndexDelta(version, delta.upserts(), delta.removed()));
        }
        List<IndexDelta> pieces = new ArrayList<>();
        for (List<String> removed : Batches.cut(delta.removed(), Batches::pathBytes, budget,
                IndexDelta.MAX_CHANGES)) {
            pieces.add(new IndexDelta(version + pieces.size(), List.of(), removed));
        }
        for (List<IndexEntry> upserts : Batches.cut(delta.upserts(), Batches::entryBytes, budget,
                IndexDelta.MAX_CHANGES)) {
            pieces.add(new IndexDelta(version + pieces.size(), upserts, List.of()));
        }
        return pieces;
    }

    private SyncAction.Send send(PeerMessage message, boolean droppable) {
        byte[] frame = Codec.encode(message);
        if (frame.length > maxFrame) {
            throw new IllegalStateException("an index sync message of " + frame.length + " bytes is over the limit of "
                    + maxFrame + ": the size estimate is wrong");
        }
        return new SyncAction.Send(message, frame, droppable);
    }
}
