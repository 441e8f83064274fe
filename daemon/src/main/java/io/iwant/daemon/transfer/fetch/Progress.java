package io.iwant.daemon.transfer.fetch;

import io.iwant.protocol.control.DownloadState;
import io.iwant.protocol.control.ControlReply;
import io.iwant.protocol.control.DownloadState;

/**
 * A snapshot of one download, immutable.
 *
 * @param hash           the full content hash
 * @param name           the file or folder name (empty while not yet known)
 * @param dir            whether it is a folder
 * @param state          where it is
 * @param done           bytes verified and written (for a folder, over all its files)
 * @param size           total bytes (0 while not yet known)
 * @param bytesPerSecond recent rate
 * @param etaSeconds     estimated seconds left, -1 when unknown
 * @param peers          seeders delivering right now
 * @param reason         why it failed, empty otherwise
 * @param target         where the finished file or folder is (empty until done)
 * @param playable       bytes from the start of a file that are verified, so a player can read that far
 */
public record Progress(String hash, String name, boolean dir, DownloadState state, long done, long size,
                       long bytesPerSecond, long etaSeconds, int peers, String reason, String target, long playable) {
    public Progress {
        name = name == null ? "" : name;
        reason = reason == null ? "" : reason;
        target = target == null ? "" : target;
        playable = Math.max(0, Math.min(playable, size));
    }

    /** A download outside the transfer loop: a finished file is playable to its end, anything else not yet. */
    public Progress(String hash, String name, boolean dir, DownloadState state, long done, long size,
                    long bytesPerSecond, long etaSeconds, int peers, String reason, String target) {
        this(hash, name, dir, state, done, size, bytesPerSecond, etaSeconds, peers, reason, target,
                state == DownloadState.DONE && !dir ? size : 0);
    }

    static Progress queued(String hash) {
        return new Progress(hash, "", false, DownloadState.QUEUED, 0, 0, 0, -1, 0, "", "");
    }

    Progress with(DownloadState next) {
        return new Progress(hash, name, dir, next, done, size, next.finished() ? 0 : bytesPerSecond,
                next.finished() ? -1 : etaSeconds, next.finished() ? 0 : peers, reason, target, playable);
    }

    /** The same download, failed for {@code reason}. */
    Progress failed(String reason) {
        return new Progress(hash, name, dir, DownloadState.FAILED, done, size, 0, -1, 0, reason, "", playable);
    }

    /** What the control socket sends for it. */
    public ControlReply.Download toReply() {
        return new ControlReply.Download(hash, name, dir, state, done, size, bytesPerSecond, etaSeconds,
                peers, reason, target, playable);
    }
}
