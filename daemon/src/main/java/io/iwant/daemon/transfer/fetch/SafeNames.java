package io.iwant.daemon.transfer.fetch;

import io.iwant.protocol.text.TerminalText;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The rules for names that come from the network (a download's name, a manifest's entries) before they touch the
 * disk: one plain path segment that cannot climb out of, or point outside, the download folder on any platform
 * iwant runs on. Stateless.
 */
final class SafeNames {
    /** The longest name most file systems can store, in UTF-8 bytes. */
    static final int MAX_NAME_BYTES = 255;
    static final boolean WINDOWS = File.separatorChar == '\\';

    private static final Set<String> WINDOWS_DEVICES = Set.of("CON", "PRN", "AUX", "NUL",
            "COM0", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
            "LPT0", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9");

    private SafeNames() {
    }

    /** Returns {@code name} if it is safe here, or throws {@link UnsafeNameException} saying why not. */
    static String check(String name) throws UnsafeNameException {
        Optional<String> problem = problem(name, WINDOWS);
        if (problem.isPresent()) {
            throw new UnsafeNameException("refusing the name " + printable(name) + ": " + problem.get());
        }
        return name;
    }

    /** Why {@code name} is unsafe under the common rules (plus Windows' when {@code windows}), or empty. */
    static Optional<String> problem(String name, boolean windows) {
        if (name == null || name.isEmpty()) {
            return Optional.of("it is empty");
        }
        if (name.equals(".") || name.equals("..")) {
            return Optional.of("it refers to a folder itself or its parent");
        }
        if (name.length() >= 2 && name.charAt(1) == ':' && isAsciiLetter(name.charAt(0))) {
            return Optional.of("it starts with a drive letter");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c == '\\') {
                return Optional.of("it contains a path separator");
            }
            if (c == 0) {
                return Optional.of("it contains a NUL character");
            }
            if (c < 0x20 || c == 0x7f) {
                return Optional.of("it contains a control character");
            }
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < name.length()
                        && Character.isLowSurrogate(name.charAt(i + 1))) {
                    i++;
                } else {
                    return Optional.of("it is not valid Unicode");
                }
            }
            if (windows && "<>:\"|?*".indexOf(c) >= 0) {
                return Optional.of("it contains a character Windows does not allow (" + c + ")");
            }
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            return Optional.of("it is longer than " + MAX_NAME_BYTES + " bytes");
        }
        if (windows) {
            char last = name.charAt(name.length() - 1);
            if (last == '.' || last == ' ') {
                return Optional.of("Windows drops a trailing dot or space");
            }
            int dot = name.indexOf('.');
            String stem = (dot < 0 ? name : name.substring(0, dot)).trim().toUpperCase(Locale.ROOT);
            if (WINDOWS_DEVICES.contains(stem)) {
                return Optional.of("it is a Windows device name");
            }
        }
        return Optional.empty();
    }

    /**
     * Resolves '/'-separated, already checked segments under {@code root} and makes sure the result stays inside
     * it and that nothing on the way that already exists is a link.
     */
    static Path inside(Path root, String relative) throws IOException {
        return inside(root, relative, new HashSet<>());
    }

    /**
     * As {@link #inside(Path, String)}, but a folder on the way that is in {@code checked} is not looked at again;
     * every folder on the way that it looks at is added. One plan creates thousands of paths in the same few
     * folders: each folder is checked once, not once per file below it.
     */
    static Path inside(Path root, String relative, Set<Path> checked) throws IOException {
        return inside(root, relative, checked, true);
    }

    /**
     * As {@link #inside(Path, String, Set)}; with {@code checkLast} false the last segment is not looked at (a file
     * that will be created with {@code CREATE_NEW} and {@code NOFOLLOW_LINKS}, which refuses whatever is there).
     */
    static Path inside(Path root, String relative, Set<Path> checked, boolean checkLast) throws IOException {
        Path path = root;
        String[] segments = relative.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            path = path.resolve(check(segments[i]));
            boolean folder = i < segments.length - 1;
            if (folder ? checked.contains(path) : !checkLast) {
                continue;
            }
            if (Files.isSymbolicLink(path)) {
                throw new UnsafeNameException("refusing to write through the link " + path);
            }
            if (folder) {
                checked.add(path);
            }
        }
        Path normalized = path.normalize();
        if (!normalized.startsWith(root.normalize()) || normalized.equals(root.normalize())) {
            throw new UnsafeNameException("refusing a path outside the download folder: " + relative);
        }
        return path;
    }

    /** True if {@code path} exists as a real folder, not a link to one. */
    static boolean isRealDirectory(Path path) {
        return Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS);
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    /** The name, quoted, terminal-safe ({@link TerminalText}) and shortened, for an error message. */
    static String printable(String name) {
        if (name == null) {
            return "(none)";
        }
        String clean = TerminalText.clean(name);
        return "\"" + (clean.length() > 78 ? clean.substring(0, 78) + "..." : clean) + "\"";
    }

    /** A name or path from the network that must not be written. */
    static final class UnsafeNameException extends IOException {
        UnsafeNameException(String message) {
            super(message);
        }
    }
}
