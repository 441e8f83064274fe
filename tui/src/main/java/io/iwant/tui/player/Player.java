package io.iwant.tui.player;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A command that opens a URL in the user's player: {@code $IWANT_PLAYER} (a command, its arguments split at
 * spaces), else the first of mpv, vlc and xdg-open found on the {@code PATH}.
 */
public final class Player {
    /** Tried in this order when {@code IWANT_PLAYER} is not set. */
    static final List<String> KNOWN = List.of("mpv", "vlc", "xdg-open");

    private final List<String> command;

    private Player(List<String> command) {
        this.command = List.copyOf(command);
    }

    /** The player {@code env} (the process environment) names or has on its path; empty if there is none. */
    public static Optional<Player> find(Map<String, String> env) {
        String chosen = env.getOrDefault("IWANT_PLAYER", "").strip();
        if (!chosen.isEmpty()) {
            return Optional.of(new Player(Arrays.asList(chosen.split("\\s+"))));
        }
        String path = env.getOrDefault("PATH", "");
        for (String name : KNOWN) {
            Optional<Path> found = onPath(name, path);
            if (found.isPresent()) {
                return Optional.of(new Player(List.of(found.get().toString())));
            }
        }
        return Optional.empty();
    }

    /** An executable file called {@code name} in a folder of {@code path} (with {@code .exe} on Windows). */
    static Optional<Path> onPath(String name, String path) {
        boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isBlank()) {
                continue;
            }
            for (String file : windows ? List.of(name + ".exe", name) : List.of(name)) {
                try {
                    Path candidate = Path.of(dir, file);
                    if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                        return Optional.of(candidate);
                    }
                } catch (RuntimeException invalid) {
                    // a path entry that is no path: skip it
                }
            }
        }
        return Optional.empty();
    }

    /** The player's name, for the user: the command's file name. */
    public String name() {
        String first = command.get(0);
        return Path.of(first).getFileName().toString();
    }

    /** The command line that opens {@code url}. */
    public List<String> command(String url) {
        List<String> all = new ArrayList<>(command);
        all.add(url);
        return all;
    }

    /** Opens {@code url} on this terminal and waits until the player closes; returns its exit status. */
    public int play(String url) throws IOException, InterruptedException {
        return new ProcessBuilder(command(url)).inheritIO().start().waitFor();
    }

    /**
     * Opens {@code url} in the background with no terminal (the full-screen UI keeps it): no input, its output
     * discarded. The player goes on by itself.
     */
    public void open(String url) throws IOException {
        Process p = new ProcessBuilder(command(url)).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        p.getOutputStream().close();
    }
}
