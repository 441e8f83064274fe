package io.iwant.daemon.leader.search;

import io.iwant.protocol.index.IndexEntry;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static io.iwant.daemon.leader.search.Fixtures.file;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConcurrentSearchTest {
    @Test
    void searches_running_while_a_writer_churns_other_peers_always_see_the_stable_peer() throws Exception {
        NetworkIndex index = new NetworkIndex();
        index.replacePeer("stable", "tcp://s", List.of(file("tv/Silicon.Valley.S01E01.mkv")));
        List<IndexEntry> churn = new ArrayList<>();
        for (int i = 0; i < 6000; i++) {
            churn.add(file("churn/Valley Of The Files " + i + ".txt"));
        }
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger searches = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<?>> readers = new ArrayList<>();
            for (int r = 0; r < 2; r++) {
                readers.add(pool.submit(() -> {
                    while (writing.get() || searches.get() < 20) {
                        List<SearchHit> hits = index.search("slicon valey", 5);
                        assertEquals("Silicon.Valley.S01E01.mkv", hits.get(0).name());
                        searches.incrementAndGet();
                    }
                    return null;
                }));
            }
            Future<?> writer = pool.submit(() -> {
                try {
                    for (int round = 0; round < 6; round++) {
                        index.replacePeer("churner", "tcp://c", churn.subList(round * 500, round * 500 + 3000));
                        index.apply("churner", List.of(file("churn/extra " + round + ".txt")),
                                List.of("churn/Valley Of The Files " + (round * 500 + 1) + ".txt"));
                        if (round % 2 == 1) {
                            index.removePeer("churner");
                        }
                    }
                } finally {
                    writing.set(false);
                }
                return null;
            });
            writer.get(60, TimeUnit.SECONDS);
            for (Future<?> reader : readers) {
                reader.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertTrue(searches.get() >= 20);
        assertEquals(1, index.entryCount(), "the churner left last, only the stable entry remains");
        assertEquals(1, index.hashCount());
    }
}
