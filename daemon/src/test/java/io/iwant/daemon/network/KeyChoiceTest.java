package io.iwant.daemon.network;

import io.iwant.protocol.UserError;
import io.iwant.protocol.home.Home;
import io.iwant.protocol.secure.KeyFiles;
import io.iwant.protocol.secure.NetworkKey;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeyChoiceTest {
    @TempDir
    Path tmp;
    Home home;

    @BeforeEach
    void home() throws IOException {
        home = new Home(tmp.resolve("home"));
        home.create();
    }

    @Test
    void should_save_a_first_key_as_a_private_network_key_file_without_a_notice() throws IOException {
        NetworkKey key = NetworkKey.generate();
        assertEquals(Optional.empty(), KeyChoice.of(key).save(home));
        assertEquals(key, NetworkKey.read(home.networkKey()));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(home.networkKey())));
        assertEquals("private", NetworkAccess.load(home).mode());
    }

    @Test
    void should_say_nothing_when_the_same_key_is_given_again() throws IOException {
        NetworkKey key = NetworkKey.generate();
        KeyChoice.of(key).save(home);
        assertEquals(Optional.empty(), KeyChoice.of(key).save(home));
    }

    @Test
    void should_name_both_fingerprints_but_never_a_key_when_the_key_changes() throws IOException {
        NetworkKey old = NetworkKey.generate();
        NetworkKey next = NetworkKey.generate();
        KeyChoice.of(old).save(home);
        String notice = KeyChoice.of(next).save(home).orElseThrow();
        assertEquals("the network key changed (" + old.fingerprint() + " -> " + next.fingerprint()
                + "): peers that still have the old key are no longer let in", notice);
        assertEquals(next, NetworkKey.read(home.networkKey()));
    }

    @Test
    void should_go_back_to_an_open_network_with_none() throws IOException {
        NetworkKey old = NetworkKey.generate();
        KeyChoice.of(old).save(home);
        String notice = KeyChoice.parse("none").save(home).orElseThrow();
        assertTrue(notice.startsWith("the network is open now: left the private network " + old.fingerprint()),
                notice);
        assertFalse(Files.exists(home.networkKey()));
        assertEquals("open", NetworkAccess.load(home).mode());
        assertEquals(Optional.empty(), KeyChoice.parse("none").save(home), "already open: nothing to say");
    }

    @Test
    void should_replace_a_key_file_that_others_could_read() throws IOException {
        Files.writeString(home.networkKey(), NetworkKey.generate().text() + "\n");
        Files.setPosixFilePermissions(home.networkKey(), PosixFilePermissions.fromString("rw-r--r--"));
        NetworkKey next = NetworkKey.generate();
        String notice = KeyChoice.of(next).save(home).orElseThrow();
        assertTrue(notice.contains("the unreadable network.key was replaced by " + next.fingerprint()), notice);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(home.networkKey())));
        assertEquals(next, NetworkKey.read(home.networkKey()));
    }

    @Test
    void should_refuse_a_key_file_others_can_read_naming_chmod_600() throws IOException {
        Path file = tmp.resolve("shared.key");
        KeyFiles.writePrivate(file, NetworkKey.generate().text());
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        UserError e = assertThrows(UserError.class, () -> KeyChoice.parse(file.toString()));
        assertEquals(UserError.FAILED, e.exitCode());
        assertTrue(e.getMessage().contains("chmod 600 " + file), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void should_refuse_a_missing_file_and_one_without_a_key_in_one_sentence() throws IOException {
        UserError missing = assertThrows(UserError.class, () -> KeyChoice.parse(tmp.resolve("nope").toString()));
        assertTrue(missing.getMessage().startsWith("there is no network key file at "), missing.getMessage());
        Path typo = tmp.resolve("typo.key");
        String text = NetworkKey.generate().text();
        KeyFiles.writePrivate(typo, text.substring(0, text.length() - 1) + (text.endsWith("a") ? "b" : "a"));
        UserError damaged = assertThrows(UserError.class, () -> KeyChoice.parse(typo.toString()));
        assertTrue(damaged.getMessage().contains("does not hold a network key"), damaged.getMessage());
        assertFalse(damaged.getMessage().contains(text.substring(0, 9)), "never the key: " + damaged.getMessage());
    }

    @Test
    void should_show_only_the_fingerprint_in_its_text() {
        NetworkKey key = NetworkKey.generate();
        assertEquals("the private network " + key.fingerprint(), KeyChoice.of(key).toString());
        assertEquals("an open network", KeyChoice.parse("none").toString());
    }
}
