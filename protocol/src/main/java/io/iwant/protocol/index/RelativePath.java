package io.iwant.protocol.index;

/** The rules for a path relative to a share root, as it travels between peers. */
public final class RelativePath {
    private RelativePath() {
    }

    /** True for a '/'-separated relative path: not empty, not absolute, no empty, '.' or '..' segment, no '\'. */
    public static boolean isValid(String path) {
        if (path == null || path.isEmpty()) {
            return false;
        }
        int segmentStart = 0;
        for (int i = 0; i <= path.length(); i++) {
            char c = i < path.length() ? path.charAt(i) : '/';
            if (c == '\\') {
                return false;
            }
            if (c == '/') {
                int length = i - segmentStart;
                if (length == 0 || (length == 1 && path.charAt(segmentStart) == '.')
                        || (length == 2 && path.charAt(segmentStart) == '.' && path.charAt(segmentStart + 1) == '.')) {
                    return false;
                }
                segmentStart = i + 1;
            }
        }
        return true;
    }

    /** Returns {@code path} or throws {@link IllegalArgumentException} if it breaks {@link #isValid}. */
    public static String check(String path) {
        if (!isValid(path)) {
            throw new IllegalArgumentException("bad relative path: " + path);
        }
        return path;
    }
}
