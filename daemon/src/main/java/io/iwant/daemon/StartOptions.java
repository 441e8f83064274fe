package io.iwant.daemon;

import java.nio.file.Path;
import java.util.List;

/** What {@code iwanto start} was given on the command line; null means "as configured". */
public record StartOptions(String networkInterface, String group, Integer port, List<String> peers, Path share,
                           Path downloads) {
    public static StartOptions none() {
        return new StartOptions(null, null, null, null, null, null);
    }
}
