package io.iwant.daemon.index;

import io.iwant.daemon.index.Node.FileNode;
import io.iwant.daemon.index.Node.FolderNode;

import java.util.ArrayList;
import java.util.Map;

/**
 * Brings a scanned folder of the tree in line with what the walk met: folders that appeared are added (empty ones
 * too), entries the walk did not meet are removed unless they changed after the scan began (a live event put them
 * there), and the file keys seen are remembered for spotting renames. Index thread only.
 */
final class ScanReconciler {
    private ScanReconciler() {
    }

    /** Brings the scanned folder in line with what the walk met: new folders, vanished entries, file keys. */
    static void finish(IndexTree tree, Scanner.ScanResult result, Changes c) {
        String root = result.root();
        Node top = tree.get(root);
        if (!result.seen().containsKey(root)) {
            if (top != null && !root.isEmpty() && top.seq <= result.startSeq()) {
                tree.remove(root, c);
            }
            return;
        }
        reconcile(tree, tree.folder(root, c), root, result, c);
    }

    private static void reconcile(IndexTree tree, FolderNode folder, String path, Scanner.ScanResult result, Changes c) {
        Map<String, Object> listing = result.seen().get(path);
        for (Map.Entry<String, Object> e : listing.entrySet()) {
            if (e.getValue() == Scanner.FOLDER && !(folder.children.get(e.getKey()) instanceof FolderNode)) {
                tree.folder(Node.child(path, e.getKey()), c);
            }
        }
        for (Node child : new ArrayList<>(folder.children.values())) {
            Object met = listing.get(child.name);
            if (met == null) {
                if (child.seq <= result.startSeq()) {
                    tree.remove(Node.child(path, child.name), c);
                }
            } else if (child instanceof FolderNode sub) {
                String subPath = Node.child(path, child.name);
                if (met == Scanner.FOLDER && result.seen().containsKey(subPath)) {
                    reconcile(tree, sub, subPath, result, c);
                }
            } else if (met != Scanner.FOLDER && met != Scanner.NO_KEY) {
                ((FileNode) child).fileKey = met;
            }
        }
    }
}
