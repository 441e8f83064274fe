package io.iwant.daemon.transfer.fetch;

import io.iwant.protocol.hash.FolderManifest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a folder's manifest, and the manifests of its sub-folders, into what a download must create: every folder
 * (empty ones included) and every distinct file content with the places it goes, as '/'-separated paths
 * relative to the downloaded folder. Every name is checked with {@link SafeNames}; sizes must agree between a
 * folder entry and its manifest; the tree is bounded in entries, depth and path length, so a hostile manifest
 * can neither escape the download folder nor blow up (a sub-folder repeated at every level is counted each time).
 * Stateless.
 */
final class FolderPlanner {
    static final int MAX_ENTRIES = 250_000;
    static final int MAX_DEPTH = 128;
    static final int MAX_PATH = 4000;
    /** All relative paths of the plan together, in characters: what the plan holds in memory. */
    static final long MAX_TOTAL_PATH = 25_000_000;

    /** Where the manifests of sub-folders come from (already checked against their hashes). */
    interface Manifests {
        FolderManifest manifest(String hash) throws IOException;
    }

    /** One file content and every relative path that holds it. */
    record FileEntry(String hash, long size, List<String> paths) {
    }

    /** The folders (parents before children) and the distinct files, in manifest order. */
    record Plan(List<String> dirs, List<FileEntry> files, List<String> manifestHashes) {
    }

    private final Manifests manifests;
    private final List<String> dirs = new ArrayList<>();
    private final Map<String, FileEntry> files = new LinkedHashMap<>();
    private final Map<String, FolderManifest> seen = new HashMap<>();
    private int entries;
    private long pathChars;

    private FolderPlanner(Manifests manifests) {
        this.manifests = manifests;
    }

    static Plan plan(FolderManifest root, String rootHash, Manifests manifests) throws IOException {
        FolderPlanner planner = new FolderPlanner(manifests);
        planner.seen.put(rootHash, root);
        planner.walk(root, "", 0);
        return new Plan(List.copyOf(planner.dirs), List.copyOf(planner.files.values()),
                List.copyOf(planner.seen.keySet()));
    }

    private void walk(FolderManifest manifest, String prefix, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new IOException("the folder is nested more than " + MAX_DEPTH + " levels deep");
        }
        for (FolderManifest.Entry entry : manifest.entries()) {
            if (++entries > MAX_ENTRIES) {
                throw new IOException("the folder has more than " + MAX_ENTRIES + " entries");
            }
            String name = SafeNames.check(entry.name());
            String path = prefix.isEmpty() ? name : prefix + "/" + name;
            if (path.length() > MAX_PATH) {
                throw new IOException("a path in the folder is longer than " + MAX_PATH + " characters");
            }
            pathChars += path.length();
            if (pathChars > MAX_TOTAL_PATH) {
                throw new IOException("the folder's paths add up to more than " + MAX_TOTAL_PATH + " characters");
            }
            if (entry.kind() == FolderManifest.Kind.FOLDER) {
                FolderManifest sub = seen.get(entry.hash());
                if (sub == null) {
                    sub = manifests.manifest(entry.hash());
                    seen.put(entry.hash(), sub);
                }
                if (sub.totalSize() != entry.size()) {
                    throw new IOException("the folder " + path + " is listed with " + entry.size()
                            + " bytes but holds " + sub.totalSize());
                }
                dirs.add(path);
                walk(sub, path, depth + 1);
            } else {
                FileEntry known = files.get(entry.hash());
                if (known == null) {
                    known = new FileEntry(entry.hash(), entry.size(), new ArrayList<>());
                    files.put(entry.hash(), known);
                } else if (known.size() != entry.size()) {
                    throw new IOException("the file " + path + " has the hash of another file of a different size");
                }
                known.paths().add(path);
            }
        }
    }
}
