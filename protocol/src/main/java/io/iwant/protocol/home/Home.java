package io.iwant.protocol.home;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/** The home folder of one daemon and the fixed layout inside it (config, log, db, control socket, lock). */
public record Home(Path dir) {
    public static final String ENV = "IWANT_HOME";

    public Home {
        dir = dir.toAbsolutePath().normalize();
    }

    /** {@code --home} if given, else {@code $IWANT_HOME}, else {@code ~/.iwant} ({@code %APPDATA%\.iwant} on Windows). */
    public static Home resolve(String option, Map<String, String> env) {
        if (option != null && !option.isBlank()) {
            return new Home(Path.of(option));
        }
        String fromEnv = env.get(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return new Home(Path.of(fromEnv));
        }
        String appData = env.get("APPDATA");
        if (System.getProperty("os.name", "").startsWith("Windows") && appData != null && !appData.isBlank()) {
            return new Home(Path.of(appData, ".iwant"));
        }
        return new Home(Path.of(System.getProperty("user.home"), ".iwant"));
    }

    public Path config() {
        return dir.resolve("config.properties");
    }

    public Path log() {
        return dir.resolve("iwant.log");
    }

    public Path db() {
        return dir.resolve("db");
    }

    public Path controlSocket() {
        return dir.resolve("control.sock");
    }

    /** The private network's key, if this home is in one (mode 0600). */
    public Path networkKey() {
        return dir.resolve("network.key");
    }

    /** This peer's own key pair, its identity (mode 0600). */
    public Path peerKey() {
        return dir.resolve("peer.key");
    }

    public Path lock() {
        return dir.resolve("lock");
    }

    /** Creates the home if needed and makes it private to its owner where the file system knows POSIX modes. */
    public void create() throws IOException {
        Files.createDirectories(dir);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        }
    }

    @Override
    public String toString() {
        return dir.toString();
    }
}
