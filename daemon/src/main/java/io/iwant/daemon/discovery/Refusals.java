package io.iwant.daemon.discovery;

import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The datagrams discovery refused, counted per address and reason, and what of them is worth a log line: the first
 * of each address and reason, then again at most every {@link #REPEAT_MILLIS}, and never more than
 * {@link #LINES_PER_MINUTE} lines a minute in all, so that a flood from many addresses cannot flood the log. At most
 * {@link #MAX_ENTRIES} address-and-reason pairs are kept; the one refused least recently makes room. The discovery
 * thread notes; any thread may take a {@link #snapshot}.
 */
final class Refusals {
    static final int MAX_ENTRIES = 64;
    static final long REPEAT_MILLIS = 5 * 60_000;
    static final int LINES_PER_MINUTE = 10;
    private static final long MINUTE = 60_000;

    private record Key(InetAddress address, Refusal.Reason reason) {
    }

    private static final class Tally {
        long count;
        long last;
        long loggedAt;
        boolean logged;
    }

    /** In the order last refused, least recently first. */
    private final Map<Key, Tally> tallies = new LinkedHashMap<>(16, 0.75f, true);
    /** When the log lines of the last minute were given out. */
    private final Deque<Long> lines = new ArrayDeque<>();

    /**
     * A datagram from {@code address} was refused for {@code reason} at {@code now} (ms, monotonic).
     *
     * @return the line to log, if one is due
     */
    synchronized Optional<String> note(InetAddress address, Refusal.Reason reason, long now) {
        Key key = new Key(address, reason);
        Tally tally = tallies.get(key);
        if (tally == null) {
            if (tallies.size() >= MAX_ENTRIES) {
                tallies.remove(tallies.keySet().iterator().next());
            }
            tally = new Tally();
            tallies.put(key, tally);
        }
        tally.count++;
        tally.last = now;
        if (tally.logged && now - tally.loggedAt < REPEAT_MILLIS) {
            return Optional.empty();
        }
        while (!lines.isEmpty() && now - lines.peekFirst() >= MINUTE) {
            lines.removeFirst();
        }
        if (lines.size() >= LINES_PER_MINUTE) {
            return Optional.empty();
        }
        lines.addLast(now);
        tally.logged = true;
        tally.loggedAt = now;
        String sentence = reason.sentence(address);
        return Optional.of(tally.count == 1 ? sentence : sentence + " (" + tally.count + " datagrams so far)");
    }

    /** Every address and reason kept, most recently refused first, as of {@code now}. */
    synchronized List<Refusal> snapshot(long now) {
        List<Refusal> out = new ArrayList<>(tallies.size());
        // the loop thread may have counted one after the caller read its clock: never "in the future"
        tallies.forEach((key, tally) -> out.add(0, new Refusal(key.address(), key.reason(), tally.count,
                Math.max(0, now - tally.last))));
        return out;
    }
}
