package io.iwant.daemon.discovery;

import java.util.Locale;

/**
 * Whether discovery sweeps the subnet while multicast brings nobody ({@code start --sweep}): {@code AUTO} on
 * subnets of up to a /22 only, {@code ON} on any (the /24 around this peer's address in a larger one), {@code OFF}
 * never.
 */
public enum SweepMode {
    AUTO, ON, OFF;

    /** "auto", as the option and status say it. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The mode named {@code text} (auto, on, off; any case).
     *
     * @throws IllegalArgumentException for anything else
     */
    public static SweepMode parse(String text) {
        for (SweepMode mode : values()) {
            if (mode.label().equalsIgnoreCase(text.trim())) {
                return mode;
            }
        }
        throw new IllegalArgumentException("--sweep is auto, on or off, not " + text);
    }
}
