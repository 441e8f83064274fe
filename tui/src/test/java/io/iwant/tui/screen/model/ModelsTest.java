package io.iwant.tui.screen.model;

import io.iwant.protocol.control.ControlReply.Download;
import io.iwant.protocol.control.ControlReply.Hit;
import io.iwant.protocol.control.DownloadState;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelsTest {
    static Hit hit(String name) {
        return new Hit(name, 10, name.repeat(64).substring(0, 64), false, 1);
    }

    static Download download(String hash, DownloadState state) {
        return new Download(hash, hash + ".bin", false, state, 0, 100, 0, -1, 0, "", "");
    }

    @Test
    void search_should_highlight_the_best_result_of_a_new_query() {
        SearchModel m = new SearchModel();
        long t = m.ask("a");
        assertTrue(m.answer(t, List.of(hit("a"), hit("b"))));
        m.move(1);
        assertEquals("b", m.highlighted().name());
        long t2 = m.ask("ab");
        m.answer(t2, List.of(hit("c"), hit("b")));
        assertEquals("c", m.highlighted().name());
    }

    @Test
    void search_should_keep_the_highlight_on_its_file_when_the_same_query_is_refreshed() {
        SearchModel m = new SearchModel();
        m.answer(m.ask("a"), List.of(hit("a"), hit("b")));
        m.move(1);
        m.answer(m.refresh(), List.of(hit("x"), hit("a"), hit("b")));
        assertEquals("b", m.highlighted().name());
    }

    @Test
    void search_should_drop_answers_and_failures_with_an_old_ticket() {
        SearchModel m = new SearchModel();
        long old = m.ask("a");
        long current = m.ask("ab");
        assertFalse(m.answer(old, List.of(hit("a"))));
        assertFalse(m.fail(old, "late"));
        assertEquals(SearchModel.Phase.SEARCHING, m.phase());
        assertTrue(m.answer(current, List.of()));
        assertNull(m.highlighted());
    }

    @Test
    void search_should_keep_the_highlight_inside_the_results() {
        SearchModel m = new SearchModel();
        m.answer(m.ask("a"), List.of(hit("a"), hit("b")));
        m.move(-5);
        assertEquals(0, m.selected());
        m.move(99);
        assertEquals(1, m.selected());
    }

    @Test
    void downloads_should_follow_the_selected_download_across_updates() {
        DownloadsModel m = new DownloadsModel();
        m.update(List.of(download("a", DownloadState.DOWNLOADING), download("b", DownloadState.QUEUED)));
        assertEquals("a", m.selected().hash());
        m.move(1);
        m.update(List.of(download("x", DownloadState.QUEUED), download("a", DownloadState.DONE), download("b", DownloadState.DOWNLOADING)));
        assertEquals("b", m.selected().hash());
    }

    @Test
    void downloads_should_select_a_download_that_the_daemon_lists_only_later() {
        DownloadsModel m = new DownloadsModel();
        m.update(List.of(download("a", DownloadState.DONE)));
        m.select("n");
        assertNull(m.selected());
        m.update(List.of(download("a", DownloadState.DONE), download("n", DownloadState.QUEUED)));
        assertEquals("n", m.selected().hash());
    }

    @Test
    void downloads_should_move_the_selection_to_the_nearest_row_when_its_download_is_cleared() {
        DownloadsModel m = new DownloadsModel();
        m.update(List.of(download("a", DownloadState.DONE), download("b", DownloadState.DONE), download("c", DownloadState.QUEUED)));
        m.move(1);
        m.update(List.of(download("c", DownloadState.QUEUED)));
        assertEquals("c", m.selected().hash());
    }

    @Test
    void settings_should_keep_the_daemons_folder_when_a_change_is_refused() {
        SettingsModel m = new SettingsModel();
        m.daemonValues("/s", "/d");
        m.sending(SettingsModel.Field.SHARE);
        assertTrue(m.busy(SettingsModel.Field.SHARE));
        m.refused(SettingsModel.Field.SHARE, "/x is not an existing folder");
        assertEquals("/s", m.current(SettingsModel.Field.SHARE));
        assertTrue(m.message(SettingsModel.Field.SHARE).error());
        assertFalse(m.busy(SettingsModel.Field.SHARE));
        m.applied(SettingsModel.Field.DOWNLOADS, "/e", "downloading to /e");
        assertEquals("/e", m.current(SettingsModel.Field.DOWNLOADS));
        assertFalse(m.message(SettingsModel.Field.DOWNLOADS).error());
    }

    @Test
    void connection_should_tell_listeners_only_about_real_changes_while_offline() {
        ConnectionModel m = new ConnectionModel("/h", "iwanto start");
        int[] fired = {0};
        m.listeners().add(() -> fired[0]++);
        m.offline("");
        m.offline("");
        assertEquals(1, fired[0]);
        assertEquals(ConnectionModel.State.OFFLINE, m.state());
        assertNull(m.leader());
    }
}
