package io.iwant.protocol.home;

import io.iwant.protocol.UserError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FoldersTest {
    @TempDir
    Path tmp;

    @Test
    void should_accept_two_separate_folders_and_return_real_paths() throws IOException {
        Path share = Files.createDirectory(tmp.resolve("share"));
        Folders.Pair pair = Folders.validate(tmp.resolve("x/../share"), tmp.resolve("downloads"), null);
        assertEquals(share.toRealPath(), pair.share());
        assertTrue(Files.isDirectory(pair.downloads()), "the download folder is created");
    }

    @Test
    void should_refuse_the_same_folder_twice() throws IOException {
        Path share = Files.createDirectory(tmp.resolve("share"));
        UserError e = assertThrows(UserError.class, () -> Folders.validate(share, share, null));
        assertEquals(UserError.FAILED, e.exitCode());
        assertTrue(e.getMessage().contains("must differ"), e.getMessage());
    }

    @Test
    void should_refuse_nested_folders_either_way() throws IOException {
        Path share = Files.createDirectory(tmp.resolve("share"));
        Path inner = Files.createDirectory(share.resolve("inner"));
        assertTrue(assertThrows(UserError.class, () -> Folders.validate(share, inner, null)).getMessage()
                .contains("is inside the shared folder"));
        assertTrue(assertThrows(UserError.class, () -> Folders.validate(inner, share, null)).getMessage()
                .contains("is inside the download folder"));
    }

    @Test
    void should_not_create_a_download_folder_inside_the_share() throws IOException {
        Path share = Files.createDirectory(tmp.resolve("share"));
        assertThrows(UserError.class, () -> Folders.validate(share, share.resolve("new/downloads"), null));
        assertFalse(Files.exists(share.resolve("new")), "nothing was created");
    }

    @Test
    void should_see_through_symbolic_links() throws IOException {
        Path share = Files.createDirectory(tmp.resolve("share"));
        Path link = Files.createSymbolicLink(tmp.resolve("link"), share);
        assertThrows(UserError.class, () -> Folders.validate(share, link, null));
    }

    @Test
    void should_refuse_a_missing_share_and_a_file() throws IOException {
        Path file = Files.writeString(tmp.resolve("file.txt"), "x");
        assertTrue(assertThrows(UserError.class, () -> Folders.validate(tmp.resolve("nope"), tmp.resolve("d"), null))
                .getMessage().endsWith("does not exist"));
        assertTrue(assertThrows(UserError.class, () -> Folders.validate(file, tmp.resolve("d"), null))
                .getMessage().endsWith("is not a directory"));
    }

    @Test
    void a_change_keeps_the_other_folder_and_a_rejected_change_keeps_everything() throws IOException {
        Path share = Files.createDirectory(tmp.resolve("share"));
        Path downloads = Files.createDirectory(tmp.resolve("downloads"));
        Path other = Files.createDirectory(tmp.resolve("other"));
        Settings before = Settings.empty().withFolders(share, downloads);
        Settings after = Folders.change(before, true, other, null);
        assertEquals(other.toRealPath(), after.share());
        assertEquals(downloads, after.downloads());
        assertThrows(UserError.class, () -> Folders.change(before, false, share.resolve("sub"), null));
        assertEquals(share, before.share());
    }

    @Test
    void settings_survive_a_save_and_load() throws IOException {
        Settings s = new Settings(tmp.resolve("a"), tmp.resolve("b"), "lo", "239.255.1.2:4000", 0,
                List.of("10.0.0.1:7377", "10.0.0.2:7377"));
        s.save(tmp.resolve("config.properties"));
        assertEquals(s, Settings.load(tmp.resolve("config.properties")));
        assertEquals(Settings.empty(), Settings.load(tmp.resolve("missing.properties")));
    }

    @Test
    void home_resolves_option_then_environment_then_user_home() {
        assertEquals(Path.of("/x/h"), Home.resolve("/x/h", java.util.Map.of(Home.ENV, "/y")).dir());
        assertEquals(Path.of("/y"), Home.resolve(null, java.util.Map.of(Home.ENV, "/y")).dir());
        assertEquals(Path.of(System.getProperty("user.home"), ".iwant"), Home.resolve(null, java.util.Map.of()).dir());
    }

    @Test
    void should_refuse_to_share_the_root_of_a_disk() {
        UserError e = assertThrows(UserError.class, () -> Folders.validate(Path.of("/"), tmp.resolve("d"), null));
        assertTrue(e.getMessage().contains("whole disk"), e.getMessage());
    }

    @Test
    void should_refuse_a_shared_folder_that_holds_the_daemons_home() throws Exception {
        Path share = Files.createDirectories(tmp.resolve("everything"));
        Path home = share.resolve(".iwant");
        UserError e = assertThrows(UserError.class, () -> Folders.validate(share, tmp.resolve("d"), home));
        assertTrue(e.getMessage().contains("holds this daemon's home"), e.getMessage());
        Settings before = Settings.empty().withFolders(null, tmp.resolve("d2"));
        assertThrows(UserError.class, () -> Folders.change(before, true, share, home));
        assertEquals(share.toRealPath(), Folders.validate(share, tmp.resolve("d"), tmp.resolve("elsewhere/.iwant"))
                .share(), "a home beside the share is fine");
    }
}
