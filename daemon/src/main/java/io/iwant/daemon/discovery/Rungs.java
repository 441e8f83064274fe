package io.iwant.daemon.discovery;

import java.util.Map;

/**
 * What each rung of discovery does, at one moment: for {@code status} and {@code doctor}.
 *
 * @param multicastHeard members whose beacons come by multicast now
 * @param found          the members each {@link Rung} found, for every rung (0 when none)
 * @param staticPeers    static peers configured with {@code --peers}
 * @param linked         members found through gossip that get unicast beacons
 * @param gossipPending  gossiped addresses waiting for their ping
 * @param gossipProbes   pings sent to gossiped addresses since start
 * @param sweep          the sweep's mode
 * @param sweepSize      addresses one sweep covers; 0 when it never runs here (off, or a subnet larger than a /22)
 * @param sweeping       whether a sweep is under way
 * @param sweepSent      beacons sent by sweeps since start
 */
public record Rungs(int multicastHeard, Map<Rung, Integer> found, int staticPeers, int linked, int gossipPending,
                    long gossipProbes, SweepMode sweep, int sweepSize, boolean sweeping, long sweepSent) {
    public Rungs {
        found = Map.copyOf(found);
    }

    /** Before discovery started. */
    static final Rungs NONE = new Rungs(0, Map.of(Rung.MULTICAST, 0, Rung.STATIC, 0, Rung.GOSSIP, 0, Rung.SWEEP, 0),
            0, 0, 0, 0, SweepMode.OFF, 0, false, 0);

    /** The members {@code rung} found. */
    public int found(Rung rung) {
        return found.getOrDefault(rung, 0);
    }
}
