package io.iwant.protocol.control;

import org.junit.jupiter.api.Test;

import static io.iwant.protocol.control.DownloadState.CANCELLED;
import static io.iwant.protocol.control.DownloadState.DONE;
import static io.iwant.protocol.control.DownloadState.DOWNLOADING;
import static io.iwant.protocol.control.DownloadState.FAILED;
import static io.iwant.protocol.control.DownloadState.QUEUED;
import static io.iwant.protocol.control.DownloadState.VERIFYING;
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

    @Test
    void queued_verifying_and_downloading_are_active_and_the_rest_finished() {
        for (DownloadState s : DownloadState.values()) {
            assertEquals(s == QUEUED || s == VERIFYING || s == DOWNLOADING, s.active(), s.label());
            assertEquals(!s.active(), s.finished(), s.label());
        }
    }
}
