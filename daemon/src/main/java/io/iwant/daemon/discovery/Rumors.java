package io.iwant.daemon.discovery;

import io.iwant.protocol.discovery.Pong;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The addresses that members gossiped and that are not proven yet: leads, each worth one ping. A gossiped address
 * proves nothing (a member can name any address, another host's, one nobody uses); it counts once a ping to it is
 * answered from it within the ping timeout, and whoever answers is who it says in its answer, whatever the gossip
 * claimed. So that gossip never turns this peer into a source of traffic for someone else, every bound is on what
 * leaves: at most one ping every {@link #SPACING} ms for all leads together, an address pinged again only after a
 * back-off ({@link #FIRST_RETRY}, doubling up to {@link #MAX_RETRY}) however often it is gossiped, so that a lost
 * ping is soon made up for and an address nobody answers at costs one ping a minute, only pings (about 60 bytes
 * each), and a table of at most
 * {@link #MAX_LEADS} leads, {@link #MAX_PER_TELLER} from any one member, so that one member's flood only ever
 * replaces its own leads. Pure and single-threaded.
 */
final class Rumors {
    /** Most leads held. */
    static final int MAX_LEADS = 64;
    /** Most leads held from one member. */
    static final int MAX_PER_TELLER = 16;
    /** Fewest ms between two pings to leads: four a second at most. */
    static final long SPACING = 250;
    /** Fewest ms between the first two pings to one address; the wait doubles with every further ping. */
    static final long FIRST_RETRY = 2_000;
    /** Most ms between two pings to one address. */
    static final long MAX_RETRY = 60_000;
    /** Most addresses remembered as pinged (the oldest is forgotten first). */
    static final int MAX_PINGED = 1_024;

    /** A ping to a lead: its answer from {@code target} proves whoever gives it. */
    private record Sent(InetSocketAddress target, long at) {
    }

    /** When an address was last pinged, and how often it was in a row without an answer. */
    private record Tried(long at, int times) {
        long retryAt() {
            return at + Math.min(MAX_RETRY, FIRST_RETRY << Math.min(times - 1, 10));
        }
    }

    private final long pingTimeout;
    /** Leads by address, with the member that told, oldest first. */
    private final Map<InetSocketAddress, String> leads = new LinkedHashMap<>();
    /** The addresses pinged, least recently first. */
    private final Map<InetSocketAddress, Tried> pinged = new LinkedHashMap<>();
    /** Pings sent to leads and not answered yet, by nonce. */
    private final Map<Long, Sent> pings = new LinkedHashMap<>();
    private long nextPingAt = Long.MIN_VALUE;
    private long probes;

    Rumors(long pingTimeout) {
        this.pingTimeout = pingTimeout;
    }

    /**
     * Member {@code teller} gossiped {@code address}, which the caller found worth a ping (not this peer, not a
     * member, a unicast address with a port). Ignored while the address waits out its back-off.
     */
    void heard(String teller, InetSocketAddress address, long now) {
        Tried tried = pinged.get(address);
        if ((tried != null && now < tried.retryAt()) || leads.containsKey(address)) {
            return;
        }
        makeRoomFor(teller);
        leads.put(address, teller);
    }

    /**
     * The lead to ping at {@code now}, if one is due: the oldest, once {@link #SPACING} has passed since the last
     * ping. The caller sends the ping and reports its nonce with {@link #sent}.
     */
    Optional<InetSocketAddress> due(long now) {
        pings.values().removeIf(sent -> now - sent.at() > pingTimeout);
        if (leads.isEmpty() || now < nextPingAt) {
            return Optional.empty();
        }
        Iterator<InetSocketAddress> oldest = leads.keySet().iterator();
        InetSocketAddress target = oldest.next();
        oldest.remove();
        return Optional.of(target);
    }

    /** A ping with {@code nonce} left for {@code target} at {@code now}. */
    void sent(InetSocketAddress target, long nonce, long now) {
        nextPingAt = now + SPACING;
        probes++;
        Tried before = pinged.remove(target);
        pinged.put(target, new Tried(now, before == null ? 1 : before.times() + 1));
        if (pinged.size() > MAX_PINGED) {
            pinged.remove(pinged.keySet().iterator().next());
        }
        pings.put(nonce, new Sent(target, now));
        if (pings.size() > MAX_LEADS) {
            pings.remove(pings.keySet().iterator().next());
        }
    }

    /** Whether a pong from {@code source} answers, in time, a ping this peer sent to that very address. */
    boolean proven(Pong pong, InetSocketAddress source, long now) {
        Sent sent = pings.get(pong.nonce());
        if (sent == null || !sent.target().equals(source) || now - sent.at() > pingTimeout) {
            return false;
        }
        pings.remove(pong.nonce());
        pinged.remove(source);
        return true;
    }

    /** Whether {@code address} was pinged as a lead less than {@link #FIRST_RETRY} ago. */
    boolean pingedRecently(InetSocketAddress address, long now) {
        Tried tried = pinged.get(address);
        return tried != null && now - tried.at() < FIRST_RETRY;
    }

    /** Whether a ping to a lead at {@code source} awaits its answer: its datagrams are expected. */
    boolean awaits(InetSocketAddress source) {
        for (Sent sent : pings.values()) {
            if (sent.target().equals(source)) {
                return true;
            }
        }
        return false;
    }

    /** When {@link #due} has a lead at the earliest; {@link Long#MAX_VALUE} when none is held. */
    long nextDeadline() {
        return leads.isEmpty() ? Long.MAX_VALUE : nextPingAt;
    }

    /** Leads not pinged yet. */
    int pending() {
        return leads.size();
    }

    /** Pings sent to leads since start. */
    long probes() {
        return probes;
    }

    /** Evicts {@code teller}'s oldest lead if it has its share, else the oldest of the most prolific teller if full. */
    private void makeRoomFor(String teller) {
        // removing a value removes its first entry: the oldest of that teller's leads
        Shares.evictFor(teller, leads.values(), MAX_PER_TELLER, MAX_LEADS).ifPresent(leads.values()::remove);
    }

    /** The leads, oldest first (tests). */
    List<InetSocketAddress> leads() {
        return new ArrayList<>(leads.keySet());
    }
}
