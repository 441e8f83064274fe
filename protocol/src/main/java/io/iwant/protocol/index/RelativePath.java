package io.iwant.protocol.index;

import io.iwant.protocol.hash.FolderManifest;
import io.iwant.protocol.wire.Limits;

import java.nio.charset.StandardCharsets;

/** The rules for a path relative to a share root, as it travels between peers. */
public final class RelativePath {
    private RelativePath() {
    }

    /**
     * True for a '/'-separated relative path of at most {@link Limits#MAX_PATH_BYTES} UTF-8 bytes whose every segment
     * is a valid name ({@link FolderManifest#isValidName}): not empty, not absolute, no '.' or '..' segment, no '\',
     * no NUL.
     */
    public static boolean isValid(String path) {
        if (path == null || path.isEmpty() || path.length() > Limits.MAX_PATH_BYTES) {
            return false;
        }
        int segmentStart = 0;
        for (int i = 0; i <= path.length(); i++) {
            if (i == path.length() || path.charAt(i) == '/') {
                if (!FolderManifest.isValidName(path.substring(segmentStart, i))) {
                    return false;
                }
                segmentStart = i + 1;
            }
        }
        return path.getBytes(StandardCharsets.UTF_8).length <= Limits.MAX_PATH_BYTES;
    }

    /** Returns {@code path} or throws {@link IllegalArgumentException} if it breaks {@link #isValid}. */
    public static String check(String path) {
        if (!isValid(path)) {
            throw new IllegalArgumentException("bad relative path");
        }
        return path;
    }
}
