package io.iwant.protocol.home;

import io.iwant.protocol.UserError;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The rules for the shared and download folders: both exist (the download folder may be created), both are
 * directories, they differ, and neither contains the other; the shared folder is not a file system's root and does
 * not hold the daemon's home (its keys and database would be offered to everyone). Paths come back absolute and
 * real.
 */
public final class Folders {
    private Folders() {
    }

    /** The folders a first start uses: {@code ~/iwant/shared} and {@code ~/iwant/downloads}. */
    public static Pair defaults() {
        Path base = Path.of(System.getProperty("user.home"), "iwant");
        return new Pair(base.resolve("shared"), base.resolve("downloads"));
    }

    /**
     * Applies a change of one folder to the settings, validated against the other folder when that one is set.
     * The result holds real, absolute paths; the settings passed in are never modified.
     */
    public static Settings change(Settings settings, boolean share, Path path, Path home) {
        Path other = share ? settings.downloads() : settings.share();
        if (other == null) {
            Path real = share ? existingDirectory(path, "shared folder") : createdDirectory(path);
            if (share) {
                checkShareable(real, home);
            }
            return share ? settings.withFolders(real, null) : settings.withFolders(null, real);
        }
        Pair pair = share ? validate(path, other, home) : validate(other, path, home);
        return settings.withFolders(pair.share(), pair.downloads());
    }

    private static Path createdDirectory(Path path) {
        Path abs = absolute(path);
        if (!Files.exists(abs)) {
            try {
                Files.createDirectories(abs);
            } catch (IOException e) {
                throw UserError.failed("cannot create the download folder " + abs + ": " + reason(e));
            }
        }
        return existingDirectory(abs, "download folder");
    }

    /** A validated pair of real, absolute folders. */
    public record Pair(Path share, Path downloads) {
    }

    /**
     * Checks a pair of folders and returns their real paths; creates the download folder only once every other
     * rule holds. Throws a {@link UserError} with one sentence otherwise.
     */
    public static Pair validate(Path share, Path downloads, Path home) {
        Path shareReal = existingDirectory(share, "shared folder");
        checkShareable(shareReal, home);
        Path downloadsAbs = absolute(downloads);
        Path downloadsResolved = Files.exists(downloadsAbs) ? existingDirectory(downloadsAbs, "download folder")
                : realParentOf(downloadsAbs);
        checkApart(shareReal, downloadsResolved);
        if (!Files.exists(downloadsAbs)) {
            try {
                Files.createDirectories(downloadsAbs);
            } catch (IOException e) {
                throw UserError.failed("cannot create the download folder " + downloadsAbs + ": " + reason(e));
            }
            downloadsResolved = existingDirectory(downloadsAbs, "download folder");
            checkApart(shareReal, downloadsResolved);
        }
        return new Pair(shareReal, downloadsResolved);
    }

    /** A shared folder may not be a root, nor hold the home ({@code home} may be null when unknown). */
    private static void checkShareable(Path share, Path home) {
        if (share.getParent() == null) {
            throw UserError.failed("the shared folder cannot be " + share + ": that would offer the whole disk");
        }
        if (home != null) {
            Path homeReal = realParentOf(absolute(home));
            if (homeReal.startsWith(share)) {
                throw UserError.failed("the shared folder " + share + " holds this daemon's home " + homeReal
                        + " (its keys and database); share a folder beside it");
            }
        }
    }

    private static void checkApart(Path share, Path downloads) {
        if (share.equals(downloads)) {
            throw UserError.failed("the shared folder and the download folder must differ, both are " + share);
        }
        if (downloads.startsWith(share)) {
            throw UserError.failed("the download folder " + downloads + " is inside the shared folder " + share);
        }
        if (share.startsWith(downloads)) {
            throw UserError.failed("the shared folder " + share + " is inside the download folder " + downloads);
        }
    }

    private static Path absolute(Path path) {
        return path.toAbsolutePath().normalize();
    }

    private static Path existingDirectory(Path path, String what) {
        Path abs = absolute(path);
        if (!Files.exists(abs)) {
            throw UserError.failed("the " + what + " " + abs + " does not exist");
        }
        if (!Files.isDirectory(abs)) {
            throw UserError.failed("the " + what + " " + abs + " is not a directory");
        }
        try {
            return abs.toRealPath();
        } catch (IOException e) {
            throw UserError.failed("cannot read the " + what + " " + abs + ": " + reason(e));
        }
    }

    /** The path with its deepest existing ancestor replaced by that ancestor's real path (for a folder yet to be made). */
    private static Path realParentOf(Path abs) {
        Path existing = abs;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return abs;
        }
        if (!Files.isDirectory(existing)) {
            throw UserError.failed("cannot create the download folder " + abs + ": " + existing + " is not a directory");
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(abs));
        } catch (IOException e) {
            return abs;
        }
    }

    private static String reason(IOException e) {
        String type = e.getClass().getSimpleName();
        return switch (type) {
            case "AccessDeniedException" -> "permission denied";
            case "FileSystemException" -> e.getMessage();
            default -> e.getMessage() == null ? type : e.getMessage();
        };
    }
}
