package io.iwant.protocol.control;

/** What a client asks of its own daemon over the control socket. */
public sealed interface ControlRequest permits ControlRequest.Status, ControlRequest.ViewConfig,
        ControlRequest.SetFolder, ControlRequest.Stop {

    /** Peer id, leader, members, index and download state. */
    record Status() implements ControlRequest {
    }

    /** The daemon's current configuration. */
    record ViewConfig() implements ControlRequest {
    }

    /** Change the shared or the download folder; the daemon validates, persists and applies it. */
    record SetFolder(FolderKind kind, String path) implements ControlRequest {
        public SetFolder {
            if (kind == null) {
                throw new IllegalArgumentException("folder kind is required");
            }
            if (path == null || path.isBlank()) {
                throw new IllegalArgumentException("folder path is required");
            }
        }
    }

    /** Shut the daemon down cleanly. */
    record Stop() implements ControlRequest {
    }

    /** Which of the two folders a {@link SetFolder} changes. */
    enum FolderKind {
        SHARE, DOWNLOADS
    }
}
