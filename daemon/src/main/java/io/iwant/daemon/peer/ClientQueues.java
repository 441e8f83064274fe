package io.iwant.daemon.peer;

import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The requests waiting to run, one queue per client, served in turn: one request per client, then the next client.
 * Bounded in requests per client and in bytes over all clients, so neither a greedy downloader nor a flood of
 * connections makes the queues grow without bound. Owned by the ROUTER thread; not thread-safe.
 *
 * @param <J> a waiting request
 */
final class ClientQueues<J> {
    private final int perClient;
    private final long maxBytes;
    private final LinkedHashMap<String, ArrayDeque<Entry<J>>> waiting = new LinkedHashMap<>();
    private long bytes;

    private record Entry<J>(J job, int bytes) {
    }

    ClientQueues(int perClient, long maxBytes) {
        this.perClient = perClient;
        this.maxBytes = maxBytes;
    }

    /** Queues a request of {@code size} bytes; false, queuing nothing, when the client's queue or the total is full. */
    boolean offer(String client, J job, int size) {
        ArrayDeque<Entry<J>> queue = waiting.get(client);
        if ((queue != null && queue.size() >= perClient) || bytes + size > maxBytes) {
            return false;
        }
        if (queue == null) {
            queue = new ArrayDeque<>();
            waiting.put(client, queue);
        }
        queue.add(new Entry<>(job, size));
        bytes += size;
        return true;
    }

    /** The request whose turn it is, left in place; null when none waits. */
    J peek() {
        return waiting.isEmpty() ? null : waiting.values().iterator().next().peek().job();
    }

    /** Takes the request whose turn it is; its client goes to the back of the line. Null when none waits. */
    J take() {
        if (waiting.isEmpty()) {
            return null;
        }
        var it = waiting.entrySet().iterator();
        Map.Entry<String, ArrayDeque<Entry<J>>> first = it.next();
        it.remove();
        Entry<J> entry = first.getValue().poll();
        if (!first.getValue().isEmpty()) {
            waiting.put(first.getKey(), first.getValue());
        }
        bytes -= entry.bytes();
        return entry.job();
    }

    boolean isEmpty() {
        return waiting.isEmpty();
    }
}
