package io.iwant.tui.screen.model;

import io.iwant.protocol.control.ControlReply.Download;

import java.util.List;

/** Every download the daemon reports, and the selected one (kept by hash across updates). GUI thread only. */
public final class DownloadsModel {
    private final Listeners listeners = new Listeners();
    private List<Download> downloads = List.of();
    private String selectedHash;

    public Listeners listeners() {
        return listeners;
    }

    /** The daemon's latest list. The selection follows its download; if that one is gone, the nearest row. */
    public void update(List<Download> latest) {
        if (latest.equals(downloads)) {
            return;
        }
        int old = indexOf(selectedHash);
        downloads = List.copyOf(latest);
        if (indexOf(selectedHash) < 0 && old >= 0 && !downloads.isEmpty()) {
            selectedHash = downloads.get(Math.min(old, downloads.size() - 1)).hash();
        } else if (selectedHash == null && !downloads.isEmpty()) {
            selectedHash = downloads.get(0).hash();
        }
        listeners.fire();
    }

    /** Selects the download of {@code hash}, now or as soon as the daemon lists it. */
    public void select(String hash) {
        selectedHash = hash;
        listeners.fire();
    }

    public void move(int delta) {
        if (downloads.isEmpty()) {
            return;
        }
        int at = Math.max(0, indexOf(selectedHash));
        int next = Math.max(0, Math.min(downloads.size() - 1, at + delta));
        selectedHash = downloads.get(next).hash();
        listeners.fire();
    }

    public List<Download> downloads() {
        return downloads;
    }

    /** The row of the selected download, or -1. */
    public int selectedIndex() {
        return indexOf(selectedHash);
    }

    /** The selected download, or null. */
    public Download selected() {
        int at = indexOf(selectedHash);
        return at < 0 ? null : downloads.get(at);
    }

    private int indexOf(String hash) {
        if (hash == null) {
            return -1;
        }
        for (int i = 0; i < downloads.size(); i++) {
            if (downloads.get(i).hash().equals(hash)) {
                return i;
            }
        }
        return -1;
    }
}
