package io.iwant.dist;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Search across real daemons on this machine (multicast on the loopback interface). */
class SearchIT {
    @TempDir
    Path tmp;

    @Test
    void files_come_and_go_in_every_peers_search_and_the_next_leader_answers_after_the_first_dies() throws Exception {
        try (Peers peers = new Peers(tmp)) {
            peers.start(0);
            peers.start(1);
            peers.start(2);
            Cli.await("three peers agree on a leader", Duration.ofSeconds(20),
                    () -> peers.agreedLeader(3, 0, 1, 2) != null);
            assertEquals(peers.peerId(0), peers.agreedLeader(3, 0, 1, 2), "the oldest peer leads");
            Files.writeString(peers.share(2).resolve("Kept.Documentary.2019.mkv"), "kept");

            long t0 = System.nanoTime();
            Files.writeString(peers.share(1).resolve("Silicon.Valley.S01E01.mkv"), "pilot episode");
            Cli.await("a new file on peer 1 is found from peer 2", Duration.ofSeconds(10),
                    () -> peers.search(2, "slicon valey").contains("Silicon.Valley.S01E01.mkv"));
            long found = (System.nanoTime() - t0) / 1_000_000;
            System.out.printf("new file found from another peer after %d ms%n", found);
            assertTrue(found < 2000 + 1500, "found after " + found + " ms"); // 2 s plus one search's start-up

            t0 = System.nanoTime();
            Files.delete(peers.share(1).resolve("Silicon.Valley.S01E01.mkv"));
            Cli.await("the deleted file disappears", Duration.ofSeconds(10),
                    () -> !peers.search(0, "slicon valey").contains("Silicon.Valley.S01E01.mkv"));
            long gone = (System.nanoTime() - t0) / 1_000_000;
            System.out.printf("deleted file gone after %d ms%n", gone);
            assertTrue(gone < 2000 + 1500, "gone after " + gone + " ms");

            Files.writeString(peers.share(1).resolve("Leaving.Peer.Notes.txt"), "notes");
            Cli.await("peer 1's file is found", Duration.ofSeconds(10),
                    () -> peers.search(2, "leaving peer notes").contains("Leaving.Peer.Notes.txt"));
            assertEquals(0, peers.cli(1, "stop").exit());
            Cli.await("a peer that leaves takes its files along", Duration.ofSeconds(10),
                    () -> !peers.search(2, "leaving peer notes").contains("Leaving.Peer.Notes.txt"));

            peers.daemons.get(0).process().destroyForcibly(); // the leader dies
            peers.daemons.get(0).process().waitFor(5, TimeUnit.SECONDS);
            t0 = System.nanoTime();
            Cli.await("the new leader answers the same search", Duration.ofSeconds(15),
                    () -> peers.search(2, "kept documentary").equals(List.of("Kept.Documentary.2019.mkv")));
            long again = (System.nanoTime() - t0) / 1_000_000;
            System.out.printf("search answered by the new leader %d ms after the old one died%n", again);
            assertTrue(again < 5000 + 1500, "answered after " + again + " ms");
        }
    }
}
