package io.iwant.tui.cli;

import io.iwant.protocol.control.ControlReply;
import io.iwant.protocol.control.DownloadState;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ProgressBarTest {
    private static ControlReply.Download download(DownloadState state, long done, long size, long rate, long eta, int peers) {
        return new ControlReply.Download("ab".repeat(32), "film.mkv", false, state, done, size, rate, eta, peers, "", "");
    }

    @Test
    void a_download_of_unknown_size_is_not_shown_as_complete() {
        assertEquals("[........................]   0%  0 B / ?  0 B/s  ETA --  0 peers  queued",
                ProgressBar.render(download(DownloadState.QUEUED, 0, 0, 0, -1, 0)));
    }

    @Test
    void halfway_shows_bytes_rate_eta_and_peers() {
        assertEquals("[############............]  50%  256 MiB / 512 MiB  64.0 MiB/s  ETA 4s  3 peers  downloading",
                ProgressBar.render(download(DownloadState.DOWNLOADING, 256L << 20, 512L << 20, 64L << 20, 4, 3)));
    }

    @Test
    void one_peer_is_singular() {
        assertEquals("[########################] 100%  1.00 KiB / 1.00 KiB  0 B/s  ETA --  1 peer  done",
                ProgressBar.render(download(DownloadState.DONE, 1024, 1024, 0, -1, 1)));
    }
}
