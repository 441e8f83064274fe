package io.iwant.daemon.index;

import io.iwant.protocol.hash.FolderManifest;

import java.util.TreeMap;

/**
 * A file or folder of the in-memory index tree. Owned by {@link IndexTree}: written only by the index thread under
 * the write lock, read under the read lock. A node is published (visible to peers) once it has a hash.
 */
abstract class Node {
    final String name;
    final FolderNode parent;
    /** Hash of the content as last published; for a folder null until first computed. */
    byte[] hash;
    /** A file's size, or a folder's total size as last published. */
    long size;
    /** The tree's change counter when this node last changed. */
    long seq;

    Node(String name, FolderNode parent) {
        this.name = name;
        this.parent = parent;
    }

    /** The '/'-separated path below the share root; "" for the root. */
    String path() {
        if (parent == null) {
            return "";
        }
        String above = parent.path();
        return above.isEmpty() ? name : above + "/" + name;
    }

    static String child(String parentPath, String name) {
        return parentPath.isEmpty() ? name : parentPath + "/" + name;
    }

    static final class FileNode extends Node {
        long mtimeNanos;
        /** The file system's identity of the file (inode) when known, to recognise a renamed file. */
        Object fileKey;

        FileNode(String name, FolderNode parent) {
            super(name, parent);
        }
    }

    static final class FolderNode extends Node {
        final TreeMap<String, Node> children = new TreeMap<>(FolderManifest.NAME_ORDER);
        final int depth;
        boolean dirty;

        FolderNode(String name, FolderNode parent) {
            super(name, parent);
            this.depth = parent == null ? 0 : parent.depth + 1;
        }
    }
}
