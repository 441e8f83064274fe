package io.iwant.daemon.network;

import io.iwant.protocol.UserError;
import io.iwant.protocol.home.Home;
import io.iwant.protocol.secure.KeyFiles;
import io.iwant.protocol.secure.NetworkKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What {@code iwanto start --network-key} asked for: a private network with a key read from a file, or an open
 * network ({@code none}). Saved in the home as {@code network.key} (mode 0600), as the other start options are saved
 * in {@code config.properties}, so later starts stay in the same network. Holds the key but shows only its
 * fingerprint.
 */
public final class KeyChoice {
    /** What {@code --network-key} takes for an open network. */
    public static final String NONE = "none";

    private static final Logger log = LoggerFactory.getLogger(KeyChoice.class);

    private final NetworkKey key;

    private KeyChoice(NetworkKey key) {
        this.key = key;
    }

    /**
     * The choice {@code --network-key} names: {@code none}, or a key file, read at once (one line, private to its
     * owner).
     *
     * @throws UserError (exit 1) with one sentence for a file that is missing, readable by others or holds no key
     */
    public static KeyChoice parse(String option) {
        return option.equals(NONE) ? new KeyChoice(null) : new KeyChoice(NetworkKey.read(Path.of(option)));
    }

    /** A private network with this key (tests; {@link #parse} for the command line). */
    static KeyChoice of(NetworkKey key) {
        return new KeyChoice(key);
    }

    /**
     * Makes the home say this choice: writes its {@code network.key} (0600) or removes it. Returns a sentence for
     * the user when this changes which network the home was in, empty when it stays in the same one or joins a
     * network for the first time (the start banner shows that).
     */
    public Optional<String> save(Home home) throws IOException {
        Path file = home.networkKey();
        boolean had = Files.exists(file);
        NetworkKey old = null;
        if (had) {
            try {
                old = NetworkKey.read(file);
            } catch (UserError unreadable) {
                log.info("replacing {}: {}", file, unreadable.getMessage());
            }
        }
        if (key != null && key.equals(old)) {
            return Optional.empty();
        }
        if (key == null) {
            Files.deleteIfExists(file);
        } else {
            KeyFiles.writePrivate(file, key.text());
        }
        Optional<String> notice = notice(had, old);
        notice.ifPresent(n -> log.info("{}", n));
        return notice;
    }

    private Optional<String> notice(boolean had, NetworkKey old) {
        if (!had) {
            return Optional.empty();
        }
        if (key == null) {
            return Optional.of("the network is open now: " + (old == null ? "removed the unreadable network.key"
                    : "left the private network " + old.fingerprint()) + ", and anyone on this segment can join");
        }
        return Optional.of((old == null ? "the network key changed (the unreadable network.key was replaced by "
                + key.fingerprint() + ")" : "the network key changed (" + old.fingerprint() + " -> "
                + key.fingerprint() + ")") + ": peers that still have the old key are no longer let in");
    }

    @Override
    public String toString() {
        return key == null ? "an open network" : "the private network " + key.fingerprint();
    }
}
