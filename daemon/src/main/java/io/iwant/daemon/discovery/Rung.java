package io.iwant.daemon.discovery;

/**
 * The ways discovery reaches peers, tried together and in this order of cost: the multicast group; unicast beacons
 * to static peers (named here with {@code --peers}, or by them); pings to addresses that members gossiped; a sweep
 * of the interface's subnet with unicast beacons. Each member is counted under the rung that found it.
 */
public enum Rung {
    MULTICAST, STATIC, GOSSIP, SWEEP;

    /** "multicast", as status shows it. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
