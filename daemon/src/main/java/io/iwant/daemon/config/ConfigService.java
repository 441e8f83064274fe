package io.iwant.daemon.config;

import io.iwant.protocol.UserError;
import io.iwant.protocol.home.Folders;
import io.iwant.protocol.home.Home;
import io.iwant.protocol.home.Settings;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The daemon's configuration: what {@code config.properties} holds, validated, persisted before it is applied,
 * and announced to the parts that depend on the folders. Thread-safe; changes are serialised.
 */
public final class ConfigService {
    private final Home home;
    private final List<Consumer<Settings>> listeners = new CopyOnWriteArrayList<>();
    private volatile Settings current;

    public ConfigService(Home home, Settings initial) {
        this.home = home;
        this.current = initial;
    }

    public Settings current() {
        return current;
    }

    /** Called after every accepted change, on the changing thread. */
    public void onChange(Consumer<Settings> listener) {
        listeners.add(listener);
    }

    /**
     * Validates and applies a new shared or download folder. On any failure the file and the running state stay
     * as they were and a {@link UserError} says why.
     */
    public synchronized Settings changeFolder(boolean share, Path path) {
        Settings before = current;
        Settings after = Folders.change(before, share, path, home.dir());
        try {
            after.save(home.config());
        } catch (IOException e) {
            throw new UserError(UserError.FAILED, "cannot save " + home.config() + ": " + e.getMessage(), e);
        }
        current = after;
        for (Consumer<Settings> listener : listeners) {
            listener.accept(after);
        }
        return after;
    }
}
