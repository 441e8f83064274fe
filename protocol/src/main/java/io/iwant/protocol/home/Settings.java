package io.iwant.protocol.home;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * The persisted configuration of one home ({@code config.properties}): shared and download folders, interface,
 * multicast group, peer port, static peers and whether discovery sweeps the subnet ({@code auto}, {@code on},
 * {@code off}). Immutable; saving replaces the file atomically.
 */
public record Settings(Path share, Path downloads, String networkInterface, String group, int port,
                       List<String> peers, String sweep) {
    public static final String DEFAULT_GROUP = "239.255.77.77:7377";
    public static final int DEFAULT_PORT = 7378;
    public static final String DEFAULT_SWEEP = "auto";
    /** What {@code sweep} may be. */
    public static final List<String> SWEEPS = List.of("auto", "on", "off");

    public Settings {
        peers = List.copyOf(peers);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, not " + port);
        }
        if (sweep == null || !SWEEPS.contains(sweep)) {
            throw new IllegalArgumentException("sweep must be auto, on or off");
        }
    }

    /** The default sweep. */
    public Settings(Path share, Path downloads, String networkInterface, String group, int port, List<String> peers) {
        this(share, downloads, networkInterface, group, port, peers, DEFAULT_SWEEP);
    }

    /** Nothing configured yet: folders unset, default group and port. */
    public static Settings empty() {
        return new Settings(null, null, null, DEFAULT_GROUP, DEFAULT_PORT, List.of());
    }

    public static Settings load(Path file) throws IOException {
        if (!Files.exists(file)) {
            return empty();
        }
        Properties p = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(reader);
        }
        String port = p.getProperty("port", Integer.toString(DEFAULT_PORT)).trim();
        int portNumber;
        try {
            portNumber = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new IOException(file + ": port is not a number: " + port);
        }
        try {
            return new Settings(path(p.getProperty("share")), path(p.getProperty("downloads")),
                    blankToNull(p.getProperty("interface")), p.getProperty("group", DEFAULT_GROUP).trim(), portNumber,
                    splitPeers(p.getProperty("peers", "")), p.getProperty("sweep", DEFAULT_SWEEP).trim());
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage());
        }
    }

    public void save(Path file) throws IOException {
        Properties p = new Properties();
        if (share != null) {
            p.setProperty("share", share.toString());
        }
        if (downloads != null) {
            p.setProperty("downloads", downloads.toString());
        }
        if (networkInterface != null) {
            p.setProperty("interface", networkInterface);
        }
        p.setProperty("group", group);
        p.setProperty("port", Integer.toString(port));
        p.setProperty("peers", String.join(",", peers));
        p.setProperty("sweep", sweep);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (Writer writer = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            p.store(writer, "iwant configuration");
        }
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    public Settings withFolders(Path newShare, Path newDownloads) {
        return new Settings(newShare, newDownloads, networkInterface, group, port, peers, sweep);
    }

    public Settings withNetwork(String newInterface, String newGroup, int newPort, List<String> newPeers) {
        return new Settings(share, downloads, newInterface, newGroup, newPort, newPeers, sweep);
    }

    public Settings withSweep(String newSweep) {
        return new Settings(share, downloads, networkInterface, group, port, peers, newSweep);
    }

    public static List<String> splitPeers(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        return Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static Path path(String value) {
        String v = blankToNull(value);
        return v == null ? null : Path.of(v);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
