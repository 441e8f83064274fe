package io.iwant.daemon;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@code iwanto start} was given on the command line; null means "as configured". {@code networkKey} is a key
 * file or {@code none} (an open network); {@code sweep} is auto, on or off.
 */
public record StartOptions(String networkInterface, String group, Integer port, List<String> peers, Path share,
                           Path downloads, String networkKey, String sweep) {
    /** Options that leave the sweep as the home has it. */
    public StartOptions(String networkInterface, String group, Integer port, List<String> peers, Path share,
                        Path downloads, String networkKey) {
        this(networkInterface, group, port, peers, share, downloads, networkKey, null);
    }

    /** Options that leave the network key as the home has it. */
    public StartOptions(String networkInterface, String group, Integer port, List<String> peers, Path share,
                        Path downloads) {
        this(networkInterface, group, port, peers, share, downloads, null);
    }

    public static StartOptions none() {
        return new StartOptions(null, null, null, null, null, null, null, null);
    }
}
