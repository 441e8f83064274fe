package io.iwant.protocol.secure;

import io.iwant.protocol.UserError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NetworkKeyTest {
    @TempDir
    Path dir;

    @Test
    void should_print_nine_groups_that_parse_back_to_the_same_key_whatever_the_case_and_spacing() {
        NetworkKey key = NetworkKey.generate();
        String text = key.text();
        assertTrue(text.matches("([a-z2-7]{4}-){8}[a-z2-7]{4}"), text);
        assertEquals(key, NetworkKey.parse(text));
        assertEquals(key, NetworkKey.parse("  " + text.toUpperCase().replace("-", " ") + "\n"));
        assertEquals(key.fingerprint(), NetworkKey.parse(text).fingerprint());
    }

    @Test
    void should_catch_a_typo_with_the_checksum_group() {
        String text = NetworkKey.generate().text();
        char c = text.charAt(3);
        String typo = text.substring(0, 3) + (c == 'a' ? 'b' : 'a') + text.substring(4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NetworkKey.parse(typo));
        assertTrue(e.getMessage().contains("typo"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> NetworkKey.parse(text.substring(5)));
        assertThrows(IllegalArgumentException.class, () -> NetworkKey.parse(text.replace('a', '1')
                .replace('b', '1').replace('c', '1')));
    }

    @Test
    void should_never_print_the_key_in_its_string_or_fingerprint() {
        NetworkKey key = NetworkKey.generate();
        String compact = key.text().replace("-", "");
        for (int i = 0; i + 8 <= compact.length(); i += 4) {
            assertFalse(key.toString().contains(compact.substring(i, i + 8)));
        }
        assertTrue(key.fingerprint().matches("[0-9a-f]{12}"), key.fingerprint());
        assertNotEquals(NetworkKey.generate().fingerprint(), key.fingerprint());
    }

    @Test
    void should_derive_independent_keys_per_label() {
        NetworkKey key = NetworkKey.generate();
        assertArrayEquals(key.derive("a", 32), NetworkKey.parse(key.text()).derive("a", 32));
        assertFalse(java.util.Arrays.equals(key.derive("a", 32), key.derive("b", 32)));
    }

    @Test
    void should_read_a_private_file_and_refuse_one_others_can_read_with_the_chmod_that_fixes_it() throws Exception {
        NetworkKey key = NetworkKey.generate();
        Path file = dir.resolve("network.key");
        KeyFiles.writePrivate(file, key.text());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(key, NetworkKey.read(file));

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        UserError open = assertThrows(UserError.class, () -> NetworkKey.read(file));
        assertTrue(open.getMessage().contains("chmod 600 " + file), open.getMessage());

        UserError missing = assertThrows(UserError.class, () -> NetworkKey.read(dir.resolve("none")));
        assertTrue(missing.getMessage().startsWith("there is no network key file"), missing.getMessage());

        Path junk = dir.resolve("junk.key");
        KeyFiles.writePrivate(junk, "hello world");
        UserError bad = assertThrows(UserError.class, () -> NetworkKey.read(junk));
        assertTrue(bad.getMessage().contains("does not hold a network key"), bad.getMessage());
    }

    @Test
    void should_make_a_peer_key_once_and_load_the_same_one_after() throws Exception {
        Path file = dir.resolve("peer.key");
        PeerKey made = PeerKey.loadOrCreate(file);
        PeerKey loaded = PeerKey.loadOrCreate(file);
        assertArrayEquals(made.publicBytes(), loaded.publicBytes());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertFalse(made.toString().contains(Files.readString(file).split(" ")[1].substring(0, 16)));

        Files.writeString(file, "iwant-peer-key-1 00 11\n");
        UserError damaged = assertThrows(UserError.class, () -> PeerKey.loadOrCreate(file));
        assertTrue(damaged.getMessage().contains("damaged"), damaged.getMessage());
    }

    @Test
    void should_open_what_it_sealed_and_tell_forged_and_foreign_datagrams_apart() {
        NetworkKey key = NetworkKey.generate();
        DatagramSeal seal = new DatagramSeal(key);
        byte[] header = {'I', 'W', 'N', 'T', 2};
        byte[] datagram = seal.seal(header, 42, new byte[]{1, 2, 3});
        DatagramSeal.Opened opened = new DatagramSeal(NetworkKey.parse(key.text())).open(datagram, 5, datagram.length);
        assertEquals(DatagramSeal.Verdict.OK, opened.verdict());
        assertEquals(42, opened.counter());
        assertArrayEquals(new byte[]{1, 2, 3}, opened.body());

        assertEquals(DatagramSeal.Verdict.OTHER_NETWORK,
                new DatagramSeal(NetworkKey.generate()).open(datagram, 5, datagram.length).verdict());
        for (int i = 0; i < datagram.length; i++) {
            if (i >= 5 && i < 9) {
                continue; // the key id: another network, checked above
            }
            byte[] flipped = datagram.clone();
            flipped[i] ^= 1;
            assertEquals(DatagramSeal.Verdict.FORGED, seal.open(flipped, 5, flipped.length).verdict(), "byte " + i);
        }
        assertEquals(DatagramSeal.Verdict.MALFORMED, seal.open(datagram, 5, 20).verdict());
    }
}
