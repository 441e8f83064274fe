package io.iwant.tui.cli;

import com.fasterxml.jackson.jr.ob.JSON;
import io.iwant.protocol.home.Home;
import io.iwant.protocol.home.Settings;
import io.iwant.protocol.secure.KeyFiles;
import io.iwant.protocol.secure.NetworkKey;
import io.iwant.protocol.secure.PeerKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code iwanto view config} without a daemon: what the home has saved, its network included. */
class ViewConfigTest {
    @TempDir
    Path tmp;

    @Test
    void should_show_a_home_never_started_as_open_and_create_nothing() {
        Home home = new Home(tmp.resolve("never"));
        CliRun r = CliRun.at(home.dir(), "view", "config");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("network          open\n"), r.out());
        assertTrue(r.out().contains("peer key         none yet"), r.out());
        assertTrue(r.out().contains("sweep            auto\n"), r.out());
        assertTrue(r.out().contains("daemon           not running"), r.out());
        assertTrue(r.out().contains("shared folder    (not set: the first start shares "), r.out());
        assertFalse(Files.exists(home.dir()), "a look creates nothing");
    }

    @Test
    void should_show_the_saved_sweep() throws Exception {
        Home home = new Home(tmp.resolve("home"));
        home.create();
        new Settings(tmp.resolve("s"), tmp.resolve("d"), "lo", "239.255.77.9:7400", 0, List.of(), "off")
                .save(home.config());
        CliRun text = CliRun.at(home.dir(), "view", "config");
        assertEquals(0, text.exit(), text.err());
        assertTrue(text.out().contains("sweep            off\n"), text.out());
        CliRun json = CliRun.at(home.dir(), "view", "config", "--json");
        assertEquals(0, json.exit(), json.err());
        assertEquals("off", JSON.std.mapFrom(json.out()).get("sweep"));
    }

    @Test
    void should_show_the_saved_folders_and_a_private_network_by_fingerprint_only() throws Exception {
        Home home = new Home(tmp.resolve("home"));
        home.create();
        new Settings(tmp.resolve("s"), tmp.resolve("d"), "lo", "239.255.77.9:7400", 0, List.of("10.0.0.2:7400"))
                .save(home.config());
        NetworkKey key = NetworkKey.generate();
        KeyFiles.writePrivate(home.networkKey(), key.text());
        PeerKey peer = PeerKey.loadOrCreate(home.peerKey());

        CliRun text = CliRun.at(home.dir(), "view", "config");
        assertEquals(0, text.exit(), text.err());
        assertTrue(text.out().contains("shared folder    " + tmp.resolve("s") + "\n"), text.out());
        assertTrue(text.out().contains("network          private, key " + key.fingerprint() + "\n"), text.out());
        assertTrue(text.out().contains("peer key         " + peer.fingerprint() + "\n"), text.out());

        CliRun json = CliRun.at(home.dir(), "view", "config", "--json");
        assertEquals(0, json.exit(), json.err());
        Map<String, Object> doc = JSON.std.mapFrom(json.out());
        assertEquals(tmp.resolve("d").toString(), doc.get("downloads"));
        assertEquals("lo", doc.get("interface"));
        Map<?, ?> network = (Map<?, ?>) doc.get("network");
        assertEquals("private", network.get("mode"));
        assertEquals(key.fingerprint(), network.get("fingerprint"));
        assertEquals(peer.fingerprint(), network.get("peerKey"));
        assertNull(network.get("problem"));
        for (String out : List.of(text.out(), text.err(), json.out(), json.err())) {
            assertFalse(out.contains(key.text()), "never the key: " + out);
        }
    }

    @Test
    void should_show_private_and_what_is_wrong_when_the_key_file_is_readable_by_others() throws IOException {
        Home home = new Home(tmp.resolve("home"));
        home.create();
        KeyFiles.writePrivate(home.networkKey(), NetworkKey.generate().text());
        Files.setPosixFilePermissions(home.networkKey(), PosixFilePermissions.fromString("rw-r--r--"));
        CliRun r = CliRun.at(home.dir(), "view", "config");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("network          private, but the key cannot be used: the network key file "
                + home.networkKey() + " can be read or changed by other users"), r.out());
        assertTrue(r.out().contains("chmod 600 " + home.networkKey()), r.out());
        CliRun json = CliRun.at(home.dir(), "view", "config", "--json");
        Map<?, ?> network = (Map<?, ?>) JSON.std.mapFrom(json.out()).get("network");
        assertEquals("private", network.get("mode"));
        assertNull(network.get("fingerprint"));
        assertTrue(((String) network.get("problem")).contains("chmod 600"), network.toString());
    }

    @Test
    void should_fail_in_one_sentence_when_the_saved_config_is_damaged() throws IOException {
        Home home = new Home(tmp.resolve("home"));
        home.create();
        Files.writeString(home.config(), "port=many\n");
        CliRun r = CliRun.at(home.dir(), "view", "config");
        assertEquals(1, r.exit(), r.out());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("cannot read " + home.config()), r.err());
    }
}
