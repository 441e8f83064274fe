package io.iwant.daemon.doctor;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How often connect-backs may run: at most one per asking address every {@link #INTERVAL_MILLIS}, and at most
 * {@link #MAX_RUNNING} at once for everyone together, so that no one can make this peer open connections faster
 * than a person runs {@code iwanto doctor}. At most {@link #MAX_ADDRESSES} addresses are remembered (only members get
 * this far, so that is plenty); the one that asked least recently makes room. Thread-safe; times are monotonic ms.
 */
final class ConnectBackLimit {
    static final long INTERVAL_MILLIS = 5_000;
    static final int MAX_RUNNING = 2;
    static final int MAX_ADDRESSES = 256;

    /**
     * Whether a connect-back may run now: yes; not again so soon; not while the asker's last one still runs (the
     * same question asked again, as a client resends one that is slow to be answered: the running one answers it);
     * not while too many run.
     */
    enum Verdict { GO, TOO_SOON, RUNNING, BUSY }

    private final Map<InetAddress, Long> last = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<InetAddress, Long> eldest) {
            return size() > MAX_ADDRESSES;
        }
    };
    private final java.util.Set<InetAddress> runningFor = new java.util.HashSet<>();
    private int running;

    /** Asks to connect back to {@code asker} at {@code now}; on {@link Verdict#GO} call {@link #done()} after. */
    synchronized Verdict start(InetAddress asker, long now) {
        if (runningFor.contains(asker)) {
            return Verdict.RUNNING;
        }
        Long at = last.get(asker);
        if (at != null && now - at < INTERVAL_MILLIS) {
            return Verdict.TOO_SOON;
        }
        if (running >= MAX_RUNNING) {
            return Verdict.BUSY;
        }
        last.put(asker, now);
        runningFor.add(asker);
        running++;
        return Verdict.GO;
    }

    /** The connect-back to {@code asker} that was let {@link Verdict#GO} has ended. */
    synchronized void done(InetAddress asker) {
        runningFor.remove(asker);
        running--;
    }
}
