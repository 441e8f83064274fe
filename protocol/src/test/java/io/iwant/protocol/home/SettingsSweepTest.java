package io.iwant.protocol.home;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sweep setting: saved with the rest, auto when a home never said, and nothing but auto, on or off. */
class SettingsSweepTest {
    @Test
    void the_sweep_is_saved_and_read_back(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("config.properties");
        Settings.empty().withSweep("off").save(file);

        assertEquals("off", Settings.load(file).sweep());
        assertEquals("on", Settings.load(file).withNetwork(null, Settings.DEFAULT_GROUP, 0, List.of())
                .withSweep("on").sweep());
    }

    @Test
    void a_home_from_before_the_sweep_sweeps_automatically(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("config.properties");
        Files.writeString(file, "port=7378\npeers=\n");

        assertEquals(Settings.DEFAULT_SWEEP, Settings.load(file).sweep());
    }

    @Test
    void another_word_for_the_sweep_is_refused_with_the_file_named(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("config.properties");
        Files.writeString(file, "sweep=sometimes\n");

        IOException e = assertThrows(IOException.class, () -> Settings.load(file));
        assertTrue(e.getMessage().contains("sweep must be auto, on or off"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Settings.empty().withSweep(null));
    }
}
