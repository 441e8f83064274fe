package io.iwant.daemon.index;

import io.iwant.daemon.index.Node.FileNode;
import io.iwant.daemon.index.Node.FolderNode;
import io.iwant.protocol.hash.FolderManifest;
import io.iwant.protocol.hash.Hex;
import io.iwant.protocol.hash.ManifestDigest;
import io.iwant.protocol.index.IndexEntry;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/**
 * The shared folder as a tree of {@link Node}s with running totals. Every change marks the folders above it dirty;
 * {@link #recompute} then rehashes dirty folders bottom-up. Not thread-safe: the index thread mutates it under the
 * write lock, everyone else reads under the read lock.
 */
final class IndexTree {
    final FolderNode root = new FolderNode("", null);
    private final Set<FolderNode> dirty = new HashSet<>();
    private final BiConsumer<String, FileNode> onFileRemoved;
    long files;
    long folders;
    long bytes;
    /** Counts index steps; nodes remember the step that last changed them. */
    long seq;
    /**
     * The folder {@link #folder} found last, and its path: the files of a scan arrive folder by folder, so most
     * lookups ask for the same folder again. Forgotten whenever a node is removed.
     */
    private String lastFolderPath;
    private FolderNode lastFolder;

    /** @param onFileRemoved told of each file node removed (before its record is deleted), e.g. to spot renames */
    IndexTree(BiConsumer<String, FileNode> onFileRemoved) {
        this.onFileRemoved = onFileRemoved;
    }

    Node get(String path) {
        if (path.isEmpty()) {
            return root;
        }
        Node node = root;
        int from = 0;
        while (node instanceof FolderNode folder) {
            int slash = path.indexOf('/', from);
            String name = slash < 0 ? path.substring(from) : path.substring(from, slash);
            node = folder.children.get(name);
            if (slash < 0 || node == null) {
                return node;
            }
            from = slash + 1;
        }
        return null;
    }

    FileNode file(String path) {
        return get(path) instanceof FileNode f ? f : null;
    }

    /** Loads a stored record (index start-up only, no changes recorded). */
    void load(IndexStore.Stored stored) {
        String path = stored.path();
        int slash = path.lastIndexOf('/');
        FolderNode parent = rawFolder(slash < 0 ? "" : path.substring(0, slash));
        String name = path.substring(slash + 1);
        Node existing = parent.children.get(name);
        if (stored.dir()) {
            FolderNode folder = existing instanceof FolderNode f ? f : rawFolder(path);
            folder.hash = stored.hash();
            folder.size = stored.size();
        } else if (existing == null) {
            FileNode file = new FileNode(name, parent);
            file.size = stored.size();
            file.mtimeNanos = stored.mtimeNanos();
            file.hash = stored.hash();
            parent.children.put(name, file);
            files++;
            bytes += file.size;
        }
    }

    /** Marks every folder dirty, so the next {@link #recompute} checks all folder hashes against their contents. */
    void dirtyAll() {
        List<FolderNode> stack = new ArrayList<>(List.of(root));
        while (!stack.isEmpty()) {
            FolderNode folder = stack.remove(stack.size() - 1);
            folder.dirty = true;
            dirty.add(folder);
            for (Node child : folder.children.values()) {
                if (child instanceof FolderNode f) {
                    stack.add(f);
                }
            }
        }
    }

    /** The root alone needs hashing (it is not stored): after loading a consistent index. */
    void dirtyRoot() {
        markDirty(root);
    }

    /** True while some folder waits to be rehashed. */
    boolean hasDirty() {
        return !dirty.isEmpty();
    }

    /** Adds or updates a file; {@code hex} is {@code hash} in hex, {@code record} its database record. */
    void putFile(String path, long size, long mtimeNanos, byte[] hash, String hex, Object fileKey, byte[] record,
                 Changes c) {
        int slash = path.lastIndexOf('/');
        FolderNode parent = folder(slash < 0 ? "" : path.substring(0, slash), c);
        String name = path.substring(slash + 1);
        FileNode added = new FileNode(name, parent);
        Node existing = parent.children.putIfAbsent(name, added); // one descent for a new file, the common case
        if (existing instanceof FolderNode) {
            removeNode(existing, path, c);
            parent.children.put(name, added);
            existing = null;
        }
        boolean changed;
        FileNode file;
        if (existing == null) {
            file = added;
            files++;
            bytes += size;
            changed = true;
        } else {
            file = (FileNode) existing;
            bytes += size - file.size;
            changed = file.size != size || !Arrays.equals(file.hash, hash);
            if (!Arrays.equals(file.hash, hash)) {
                c.unlink(file.hash, path);
            }
        }
        file.size = size;
        file.mtimeNanos = mtimeNanos;
        file.hash = hash;
        file.fileKey = fileKey;
        file.seq = seq;
        c.putRecord(path, record);
        c.link(hash, path);
        if (changed) {
            c.upsert(new IndexEntry(path, size, hex, false));
            markDirty(parent);
        }
    }

    /** The folder at {@code path}, created (with any missing folders above it) if need be. */
    FolderNode folder(String path, Changes c) {
        if (path.isEmpty()) {
            return root;
        }
        if (path.equals(lastFolderPath)) {
            return lastFolder;
        }
        FolderNode folder = root;
        for (int from = 0; from < path.length(); ) {
            int slash = path.indexOf('/', from);
            int end = slash < 0 ? path.length() : slash;
            String name = path.substring(from, end);
            from = end + 1;
            Node child = folder.children.get(name);
            if (child instanceof FileNode) {
                removeNode(child, Node.child(folder.path(), name), c);
                child = null;
            }
            if (child == null) {
                FolderNode created = new FolderNode(name, folder);
                created.seq = seq;
                folder.children.put(name, created);
                folders++;
                markDirty(created);
                child = created;
            }
            folder = (FolderNode) child;
        }
        lastFolderPath = path;
        lastFolder = folder;
        return folder;
    }

    /** Removes the node at {@code path} and everything below it; the root itself stays (emptied). */
    void remove(String path, Changes c) {
        Node node = get(path);
        if (node == root) {
            for (Node child : new ArrayList<>(root.children.values())) {
                removeNode(child, child.name, c);
            }
        } else if (node != null) {
            removeNode(node, path, c);
        }
    }

    private void removeNode(Node node, String path, Changes c) {
        lastFolderPath = null; // the folder found last may be the one going, or below it
        lastFolder = null;
        removeBelow(node, path, c);
        node.parent.children.remove(node.name);
        markDirty(node.parent);
    }

    private void removeBelow(Node node, String path, Changes c) {
        if (node instanceof FolderNode folder) {
            for (Node child : folder.children.values()) {
                removeBelow(child, Node.child(path, child.name), c);
            }
            folder.children.clear();
            dirty.remove(folder);
            folder.dirty = false;
            folders--;
        } else {
            onFileRemoved.accept(path, (FileNode) node);
            files--;
            bytes -= node.size;
        }
        if (node.hash != null) {
            c.remove(path);
            c.deleteRecord(path);
            c.unlink(node.hash, path);
        }
    }

    /**
     * Rehashes dirty folders, deepest first, except those {@code deferred} says to leave for later (a scan is still
     * filling them). A folder whose hash or size changed is stored and published.
     */
    void recompute(Predicate<String> deferred, Changes c) {
        List<FolderNode> order = new ArrayList<>(dirty);
        order.sort(Comparator.comparingInt((FolderNode f) -> f.depth).reversed());
        for (FolderNode folder : order) {
            String path = folder.path();
            if (deferred.test(path)) {
                continue;
            }
            int count = folder.children.size();
            ManifestDigest digest = new ManifestDigest(count);
            long size = 0;
            for (Map.Entry<String, Node> e : folder.children.entrySet()) {
                Node child = e.getValue();
                boolean isFolder = child instanceof FolderNode;
                digest.add(e.getKey(), isFolder ? FolderManifest.Kind.FOLDER : FolderManifest.Kind.FILE,
                        child.size, child.hash);
                size += child.size;
            }
            byte[] hash = digest.finish();
            folder.dirty = false;
            dirty.remove(folder);
            if (Arrays.equals(hash, folder.hash) && size == folder.size) {
                continue;
            }
            if (folder != root) {
                if (folder.hash != null) {
                    c.unlink(folder.hash, path);
                }
                c.putRecord(path, IndexStore.folderRecord(size, hash));
                c.link(hash, path);
                c.upsert(new IndexEntry(path, size, Hex.encode(hash), true));
            }
            folder.hash = hash;
            folder.size = size;
            folder.seq = seq;
        }
    }

    /** The manifest of a folder as published, or null while a child is not hashed yet. */
    static FolderManifest manifest(FolderNode folder) {
        List<FolderManifest.Entry> entries = new ArrayList<>(folder.children.size());
        for (Node child : folder.children.values()) {
            if (child.hash == null) {
                return null;
            }
            entries.add(new FolderManifest.Entry(child.name, child instanceof FolderNode
                    ? FolderManifest.Kind.FOLDER : FolderManifest.Kind.FILE, child.size, Hex.encode(child.hash)));
        }
        return new FolderManifest(entries);
    }

    /** The paths of every folder, the root ("") first. */
    List<String> folderPaths() {
        List<String> out = new ArrayList<>();
        List<FolderNode> stack = new ArrayList<>(List.of(root));
        while (!stack.isEmpty()) {
            FolderNode folder = stack.remove(stack.size() - 1);
            out.add(folder.path());
            for (Node child : folder.children.values()) {
                if (child instanceof FolderNode f) {
                    stack.add(f);
                }
            }
        }
        return out;
    }

    /** Every published entry, parents before children. */
    List<IndexEntry> entries() {
        List<IndexEntry> out = new ArrayList<>((int) Math.min(Integer.MAX_VALUE - 8, files + folders));
        collect(root, "", out);
        return out;
    }

    private static void collect(FolderNode folder, String path, List<IndexEntry> out) {
        for (Node child : folder.children.values()) {
            String childPath = Node.child(path, child.name);
            if (child.hash != null) {
                out.add(new IndexEntry(childPath, child.size, Hex.encode(child.hash), child instanceof FolderNode));
            }
            if (child instanceof FolderNode f) {
                collect(f, childPath, out);
            }
        }
    }

    private void markDirty(FolderNode folder) {
        for (FolderNode f = folder; f != null && !f.dirty; f = f.parent) {
            f.dirty = true;
            dirty.add(f);
        }
    }

    private FolderNode rawFolder(String path) {
        lastFolderPath = null; // it may put a folder where a file was
        lastFolder = null;
        FolderNode folder = root;
        if (path.isEmpty()) {
            return folder;
        }
        for (String name : path.split("/")) {
            Node child = folder.children.get(name);
            if (!(child instanceof FolderNode)) {
                if (child instanceof FileNode) {
                    files--;
                    bytes -= child.size;
                }
                child = new FolderNode(name, folder);
                folder.children.put(name, child);
                folders++;
            }
            folder = (FolderNode) child;
        }
        return folder;
    }
}
