package io.iwant.dist;

import io.iwant.protocol.control.ControlReply;
import io.iwant.protocol.control.ControlRequest;
import io.iwant.tui.client.ControlClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Search on the LAN test bed: four peers in namespaces of their own, each with different files. Root only. */
class LanSearchIT {
    private static final int PEERS = 4;
    private static final List<List<String>> FILES = List.of(
            List.of("Silicon.Valley.S01E01.720p.mkv", "notes/Quarterly_Report_2023_v2.pdf"),
            List.of("Silicon.Valley.S01E02.720p.mkv", "IMG_20230514_123456.jpg"),
            List.of("music/Daft Punk - Get Lucky.flac", "libfoo-dev_1.2.3-1_amd64.deb"),
            List.of("Silicon.Valley.S01E01.720p.mkv", "The.Matrix.1999.1080p.BluRay.x264.mkv"));

    private Lan lan;

    @BeforeAll
    static void needsRoot() {
        Optional<String> why = Lan.unavailable();
        why.ifPresent(reason -> System.out.println("LanSearchIT skipped: " + reason));
        Assumptions.assumeTrue(why.isEmpty(), () -> "LanSearchIT skipped: " + why.orElse(""));
    }

    @AfterEach
    void tearDown() throws Exception {
        if (lan != null) {
            lan.close();
        }
    }


    @Test
    void a_typo_search_from_every_peer_returns_the_same_results() throws Exception {
        lan = new Lan();
        lan.lan("up", String.valueOf(PEERS));
        for (int peer = 1; peer <= PEERS; peer++) {
            lan.lan("start", String.valueOf(peer));
            Path share = lan.home(peer).dir().resolve("shared");
            for (String name : FILES.get(peer - 1)) {
                Path file = share.resolve(name);
                Files.createDirectories(file.getParent());
                Files.writeString(file, "content of " + name); // the same name has the same content everywhere
            }
        }
        long t0 = System.nanoTime();
        Duration took = Lan.await("every peer finds both episodes, one of them on two peers", t0,
                Duration.ofSeconds(20), () -> {
                    for (int peer = 1; peer <= PEERS; peer++) {
                        List<ControlReply.Hit> hits = lan.search(peer, "slicon valey");
                        if (hits.size() < 2 || !hits.get(0).name().startsWith("Silicon.Valley.S01E0")
                                || hits.stream().noneMatch(h -> h.peers() == 2)) {
                            return false;
                        }
                    }
                    return true;
                }, () -> lan.logs(PEERS));
        System.out.printf("all four peers find the files of all four after %d ms%n", took.toMillis());
        for (String query : List.of("slicon valey", "quartely report", "daft pnk lucky", "matrx 1999", "libfoo dev")) {
            List<ControlReply.Hit> first = lan.search(1, query);
            assertEquals(false, first.isEmpty(), query);
            for (int peer = 2; peer <= PEERS; peer++) {
                assertEquals(first, lan.search(peer, query), "peer " + peer + " for \"" + query + "\"");
            }
        }
        assertEquals("Quarterly_Report_2023_v2.pdf", lan.search(3, "quartely report").get(0).name());
        assertEquals("Daft Punk - Get Lucky.flac", lan.search(4, "daft pnk lucky").get(0).name());
    }
}
