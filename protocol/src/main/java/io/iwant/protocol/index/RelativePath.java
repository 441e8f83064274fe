package io.iwant.protocol.index;

/** The rules for a path relative to a share root, as it travels between peers. */
public final class RelativePath {
    private RelativePath() {
    }

    /** True for a '/'-separated relative path: not empty, not absolute, no empty, '.' or '..' segment, no '\'. */
    public static boolean isValid(String path) {
        if (path == null || path.isEmpty() || path.startsWith("/") || path.endsWith("/") || path.contains("\\")) {
            return false;
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return false;
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
