package io.iwant.tui.cli;

import io.iwant.protocol.secure.NetworkKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code iwanto key new [FILE]}. */
class KeyCommandTest {
    @TempDir
    Path tmp;

    @Test
    void should_print_one_new_well_formed_key_and_nothing_else() {
        CliRun first = CliRun.of("key", "new");
        CliRun second = CliRun.of("key", "new");
        assertEquals(0, first.exit(), first.toString());
        assertEquals("", first.err());
        assertEquals(1, first.out().lines().count(), first.out());
        assertTrue(first.out().matches("([a-z2-7]{4}-){8}[a-z2-7]{4}\n"), first.out());
        NetworkKey.parse(first.out().strip());
        assertNotEquals(first.out(), second.out(), "every key is new");
    }

    @Test
    void should_write_the_key_to_a_new_file_only_its_owner_can_read_and_say_how_to_use_it() throws IOException {
        Path file = tmp.resolve("lan.key");
        CliRun r = CliRun.of("key", "new", file.toString());
        assertEquals(0, r.exit(), r.toString());
        NetworkKey key = NetworkKey.read(file);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("wrote a new network key (fingerprint " + key.fingerprint() + ") to " + file
                + "; start each peer with: iwanto start --network-key " + file + "\n", r.out());
        assertFalse(r.out().contains(key.text()), "the key stays in the file");
    }

    @Test
    void should_refuse_to_overwrite_an_existing_file_in_one_sentence() throws IOException {
        Path file = Files.writeString(tmp.resolve("precious.txt"), "keep me\n");
        CliRun r = CliRun.of("key", "new", file.toString());
        assertEquals(1, r.exit(), r.toString());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith(file + " already exists"), r.err());
        assertEquals("keep me\n", Files.readString(file));
        assertEquals("", r.out());
    }

    @Test
    void should_refuse_a_file_in_a_folder_that_does_not_exist() {
        Path file = tmp.resolve("missing").resolve("lan.key");
        CliRun r = CliRun.of("key", "new", file.toString());
        assertEquals(1, r.exit(), r.toString());
        assertTrue(r.err().startsWith("cannot write " + file + ": the folder "), r.err());
        assertFalse(Files.exists(file.getParent()));
    }

    @Test
    void should_treat_a_missing_subcommand_or_extra_arguments_as_usage_errors() {
        for (String[] args : new String[][] {{"key"}, {"key", "old"}, {"key", "new", "a", "b"},
                {"key", "new", "--bogus"}}) {
            CliRun r = CliRun.of(args);
            assertEquals(2, r.exit(), String.join(" ", args) + ": " + r);
            assertTrue(r.err().contains("--help"), r.err());
        }
        CliRun help = CliRun.of("key", "new", "--help");
        assertEquals(0, help.exit());
        assertTrue(help.out().contains("--network-key"), help.out());
        assertTrue(CliRun.of("--help").out().contains("key"), "listed in the top-level help");
    }
}
