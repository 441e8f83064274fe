package io.iwant.daemon.transfer;

import org.junit.jupiter.api.Test;

import static io.iwant.daemon.transfer.DownloadState.CANCELLED;
import static io.iwant.daemon.transfer.DownloadState.DONE;
import static io.iwant.daemon.transfer.DownloadState.DOWNLOADING;
import static io.iwant.daemon.transfer.DownloadState.FAILED;
import static io.iwant.daemon.transfer.DownloadState.QUEUED;
import static io.iwant.daemon.transfer.DownloadState.VERIFYING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DownloadStateTest {
    @Test
    void a_download_moves_forward_and_only_finished_ones_start_again() {
        assertEquals(VERIFYING, QUEUED.check(VERIFYING));
        assertEquals(DOWNLOADING, VERIFYING.check(DOWNLOADING));
        assertEquals(DONE, DOWNLOADING.check(DONE));
        assertEquals(QUEUED, FAILED.check(QUEUED));
        assertEquals(QUEUED, CANCELLED.check(QUEUED));
        assertThrows(IllegalStateException.class, () -> DONE.check(DOWNLOADING));
        assertEquals(QUEUED, DONE.check(QUEUED));
        assertThrows(IllegalStateException.class, () -> DONE.check(FAILED));
        assertThrows(IllegalStateException.class, () -> FAILED.check(DONE));
        assertThrows(IllegalStateException.class, () -> DOWNLOADING.check(QUEUED));
        assertEquals("downloading", DOWNLOADING.label());
    }
}
