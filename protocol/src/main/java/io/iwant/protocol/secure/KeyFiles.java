package io.iwant.protocol.secure;

import io.iwant.protocol.UserError;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;

/** Reading and writing the one-line secret files of a home: private to their owner, or refused. */
public final class KeyFiles {
    /** A key file is a line or two of text; anything longer is not one. */
    static final int MAX_BYTES = 4096;

    private KeyFiles() {
    }

    static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    /**
     * The first non-empty line of a secret file, after checking that no other user can read it.
     *
     * @param what how the file is named to the user ("network key file")
     * @throws UserError (exit 1) with one sentence when it is missing, readable by others, too long or empty
     */
    public static String readLine(Path file, String what) {
        try {
            if (!Files.isRegularFile(file)) {
                throw UserError.failed(Files.exists(file) ? "the " + what + " " + file + " is not a regular file"
                        : "there is no " + what + " at " + file);
            }
            if (posix()) {
                Set<PosixFilePermission> modes = Files.getPosixFilePermissions(file);
                if (modes.contains(PosixFilePermission.GROUP_READ) || modes.contains(PosixFilePermission.OTHERS_READ)
                        || modes.contains(PosixFilePermission.GROUP_WRITE)
                        || modes.contains(PosixFilePermission.OTHERS_WRITE)) {
                    throw UserError.failed("the " + what + " " + file + " can be read or changed by other users ("
                            + PosixFilePermissions.toString(modes) + "); make it private with: chmod 600 " + file);
                }
            }
            if (Files.size(file) > MAX_BYTES) {
                throw UserError.failed("the " + what + " " + file + " is too long to hold a key");
            }
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (String line : lines) {
                if (!line.isBlank()) {
                    return line.strip();
                }
            }
            throw UserError.failed("the " + what + " " + file + " is empty");
        } catch (NoSuchFileException e) {
            throw UserError.failed("there is no " + what + " at " + file);
        } catch (IOException e) {
            throw new UserError(UserError.FAILED, "the " + what + " " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** Writes {@code line} to {@code file}, readable and writable by its owner only, replacing it atomically. */
    public static void writePrivate(Path file, String line) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = posix()
                ? Files.createTempFile(dir, ".key", ".tmp", PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rw-------")))
                : Files.createTempFile(dir, ".key", ".tmp");
        try {
            Files.writeString(temp, line + "\n", StandardCharsets.UTF_8);
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
