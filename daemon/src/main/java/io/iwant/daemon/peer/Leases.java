package io.iwant.daemon.peer;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * The buffers lent to ZeroMQ with replies, per client, in the order they were sent (see {@link PeerServer.Reply}):
 * an acknowledgement gives back a lease and every one sent to that client before it; leases nobody acknowledges
 * within the lease time are abandoned. Owned by the ROUTER thread; not thread-safe.
 */
final class Leases {
    private record Lent(PeerServer.Lease lease, long sentAt) {
    }

    private final long leaseNanos;
    private final Map<String, ArrayDeque<Lent>> lent = new HashMap<>();
    private long nextCheck;

    Leases(long leaseNanos) {
        this.leaseNanos = leaseNanos;
    }

    /** A reply with this lease was handed to ZeroMQ for {@code client} at {@code now}. */
    void sent(String client, PeerServer.Lease lease, long now) {
        lent.computeIfAbsent(client, k -> new ArrayDeque<>()).add(new Lent(lease, now));
    }

    /**
     * The client received the reply with this key: it and every leased reply sent to the client before it have
     * left, so their buffers go back. A key not among the client's leases (a reply sent on an earlier connection, or
     * one without a lease) releases nothing.
     */
    void acknowledged(String client, String key) {
        ArrayDeque<Lent> leases = lent.get(client);
        if (leases == null || leases.stream().noneMatch(l -> l.lease().key().equals(key))) {
            return;
        }
        Lent l;
        do {
            l = leases.poll();
            l.lease().release();
        } while (!l.lease().key().equals(key));
        if (leases.isEmpty()) {
            lent.remove(client);
        }
    }

    /** Abandons leases nobody acknowledged in time (the client left, or its download ended). */
    void expire(long now) {
        if (lent.isEmpty() || now - nextCheck < 0) {
            return;
        }
        nextCheck = now + Math.min(1_000_000_000L, leaseNanos / 4);
        long cutoff = now - leaseNanos;
        for (var it = lent.values().iterator(); it.hasNext(); ) {
            ArrayDeque<Lent> leases = it.next();
            while (!leases.isEmpty() && leases.peek().sentAt() - cutoff < 0) {
                leases.poll().lease().abandon();
            }
            if (leases.isEmpty()) {
                it.remove();
            }
        }
    }
}
