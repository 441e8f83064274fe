package io.iwant.protocol.control;

/** What a client asks of its own daemon over the control socket. */
public sealed interface ControlRequest permits ControlRequest.Status, ControlRequest.ViewConfig,
        ControlRequest.SetFolder, ControlRequest.Stop, ControlRequest.Search, ControlRequest.Download,
        ControlRequest.Cancel, ControlRequest.Retry, ControlRequest.ClearFinished, ControlRequest.Stream,
        ControlRequest.Play, ControlRequest.Doctor {

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

    /** Fuzzy search of the network index (answered through the leader). */
    record Search(String query, int limit) implements ControlRequest {
        public Search {
            if (query == null) {
                throw new IllegalArgumentException("query is required");
            }
            if (limit < 1 || limit > 1000) {
                throw new IllegalArgumentException("limit must be between 1 and 1000");
            }
        }
    }

    /**
     * Start (or attach to) the download of a file or folder by full hash or unique prefix. With {@code follow} the
     * daemon streams {@link ControlReply.Progress} until a final {@link ControlReply.Done} or
     * {@link ControlReply.Failed}; without it, it answers once the download is queued.
     */
    record Download(String hash, boolean follow) implements ControlRequest {
        public Download {
            if (hash == null || hash.isBlank()) {
                throw new IllegalArgumentException("hash is required");
            }
        }
    }

    /** Cancel a running or queued download (its part file is kept, so a retry resumes). */
    record Cancel(String hash) implements ControlRequest {
    }

    /** Retry a failed or cancelled download. */
    record Retry(String hash) implements ControlRequest {
    }

    /** Forget finished and failed downloads in the list. */
    record ClearFinished() implements ControlRequest {
    }

    /**
     * The verified bytes of a file, in order, while it downloads (by full hash or unique prefix): the daemon sends
     * {@link ControlReply.Data} until a final {@link ControlReply.Done} or {@link ControlReply.Failed}. The download
     * goes on when the client leaves early unless {@code keep} is false: then a download this request started is
     * stopped and what it fetched deleted.
     */
    record Stream(String hash, boolean keep) implements ControlRequest {
        public Stream {
            if (hash == null || hash.isBlank()) {
                throw new IllegalArgumentException("hash is required");
            }
        }
    }

    /**
     * Play a file (by full hash or unique prefix) while it downloads: the daemon starts the download and answers with
     * a {@link ControlReply.Done} whose message is the URL a player on this machine opens.
     */
    record Play(String hash) implements ControlRequest {
        public Play {
            if (hash == null || hash.isBlank()) {
                throw new IllegalArgumentException("hash is required");
            }
        }
    }

    /** What usually keeps peers from seeing each other, checked ({@code iwanto doctor}). */
    record Doctor() implements ControlRequest {
    }

    /** Which of the two folders a {@link SetFolder} changes. */
    enum FolderKind {
        SHARE, DOWNLOADS
    }
}
