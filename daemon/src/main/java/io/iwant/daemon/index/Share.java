package io.iwant.daemon.index;

import io.iwant.protocol.hash.FolderManifest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The shared folder and what in it is shared: not the download folder, not {@code *.iwant-part} files, not links
 * that lead outside the share or to a folder, not names that cannot travel (see
 * {@link FolderManifest#isValidName}), nothing but regular files and folders. Skips are logged once per path.
 * Immutable apart from that log memory; thread-safe.
 */
final class Share {
    static final String PART_SUFFIX = ".iwant-part";
    private static final Logger log = LoggerFactory.getLogger(Share.class);
    private static final int LOGGED_SKIPS = 10_000;

    private final Path root;
    private final Path downloads;
    private final Set<String> loggedSkips = Collections.newSetFromMap(Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > LOGGED_SKIPS;
                }
            }));

    private Share(Path root, Path downloads) {
        this.root = root;
        this.downloads = downloads;
    }

    /** The real paths of both folders; the share must be an existing directory. */
    static Share of(Path share, Path downloads) throws IOException {
        Path root = share.toAbsolutePath().normalize();
        if (!Files.isDirectory(root)) {
            throw new IOException("the shared folder " + root + " is not a directory");
        }
        root = root.toRealPath();
        Path dl = downloads.toAbsolutePath().normalize();
        if (Files.exists(dl)) {
            dl = dl.toRealPath();
        }
        return new Share(root, dl);
    }

    Path root() {
        return root;
    }

    Path downloads() {
        return downloads;
    }

    boolean sameFolders(Share other) {
        return other != null && root.equals(other.root) && downloads.equals(other.downloads);
    }

    /** The '/'-separated path of {@code abs} below the root ("" for the root), or null if it cannot be shared. */
    String relative(Path abs) {
        if (!abs.startsWith(root)) {
            return null;
        }
        Path rel = root.relativize(abs);
        if (rel.toString().isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (Path segment : rel) {
            String name = segment.toString();
            if (!FolderManifest.isValidName(name)) {
                skip(abs, "its name cannot be shared");
                return null;
            }
            if (out.length() > 0) {
                out.append('/');
            }
            out.append(name);
        }
        return out.toString();
    }

    Path resolve(String rel) {
        return rel.isEmpty() ? root : root.resolve(rel);
    }

    /** True for paths never shared whatever they are: the download folder and below, partial downloads. */
    boolean excluded(Path abs) {
        if (abs.startsWith(downloads)) {
            return true;
        }
        Path name = abs.getFileName();
        return name != null && name.toString().endsWith(PART_SUFFIX);
    }

    /**
     * {@link #excluded} for {@code abs}, named {@code name}, met by a walk in a folder that is not excluded itself:
     * only the download folder's own path or a partial download's name can exclude it, so no prefix test is needed.
     */
    boolean excludedChild(Path abs, String name) {
        return name.endsWith(PART_SUFFIX) || abs.equals(downloads);
    }

    /**
     * The attributes of the content behind {@code abs} if it is a shareable file: a regular file, or a link to a
     * regular file inside the share. Null (and logged) otherwise.
     */
    BasicFileAttributes fileContent(Path abs, BasicFileAttributes own) {
        if (own.isRegularFile()) {
            return own;
        }
        if (!own.isSymbolicLink()) {
            return null;
        }
        try {
            Path target = abs.toRealPath();
            if (!target.startsWith(root) || excluded(target)) {
                skip(abs, "it links to " + target + ", outside the shared folder");
                return null;
            }
            BasicFileAttributes attrs = Files.readAttributes(target, BasicFileAttributes.class);
            if (!attrs.isRegularFile()) {
                skip(abs, "links to folders are not followed");
                return null;
            }
            return attrs;
        } catch (IOException e) {
            skip(abs, "its link leads nowhere readable");
            return null;
        }
    }

    /** Attributes of the path itself (a link is not followed), or null if it does not exist. */
    static BasicFileAttributes lstat(Path abs) {
        try {
            return Files.readAttributes(abs, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return null;
        }
    }

    static long mtimeNanos(BasicFileAttributes attrs) {
        return attrs.lastModifiedTime().to(TimeUnit.NANOSECONDS);
    }

    void skip(Path abs, String reason) {
        if (loggedSkips.add(abs.toString())) {
            log.info("Not sharing {}: {}", abs, reason);
        }
    }

    @Override
    public String toString() {
        return root.toString();
    }
}
