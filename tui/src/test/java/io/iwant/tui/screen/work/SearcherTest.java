package io.iwant.tui.screen.work;

import io.iwant.protocol.UserError;
import io.iwant.protocol.control.ControlReply;
import io.iwant.protocol.control.ControlReply.Hit;
import io.iwant.protocol.control.ControlRequest;
import io.iwant.tui.screen.link.DaemonLink;
import io.iwant.tui.screen.model.SearchModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class SearcherTest {
    /** A daemon in memory whose answers can be held back per query. */
    static final class SlowLink implements DaemonLink {
        final List<String> asked = new CopyOnWriteArrayList<>();
        final Map<String, CountDownLatch> holds = new ConcurrentHashMap<>();
        final Map<String, String> failures = new ConcurrentHashMap<>();

        @Override
        public ControlReply.Status status() {
            throw new UserError(UserError.NO_DAEMON, "not used");
        }

        @Override
        public List<Hit> search(String query, int limit) {
            asked.add(query);
            CountDownLatch hold = holds.get(query);
            if (hold != null) {
                try {
                    hold.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (failures.containsKey(query)) {
                throw UserError.failed(failures.get(query));
            }
            return List.of(new Hit(query + ".txt", 1, "ab".repeat(32), false, 1));
        }

        @Override
        public String act(ControlRequest request) {
            return "";
        }
    }

    final ExecutorService gui = Executors.newSingleThreadExecutor();
    final ScheduledExecutorService worker = Workers.single("test-worker");
    final SlowLink link = new SlowLink();
    final SearchModel model = new SearchModel();
    final List<String> shown = new CopyOnWriteArrayList<>();

    @AfterEach
    void tearDown() {
        gui.shutdownNow();
        Workers.stop(worker);
    }

    private Searcher searcher(long debounceMillis) {
        model.listeners().add(() -> model.hits().forEach(h -> shown.add(h.name())));
        return new Searcher(link, worker, gui, model, new Timing(Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofMillis(debounceMillis), 50, 10));
    }

    private void onGui(Runnable r) throws Exception {
        gui.submit(r).get(5, TimeUnit.SECONDS);
    }

    private <T> T read(Supplier<T> s) throws Exception {
        return gui.submit(s::get).get(5, TimeUnit.SECONDS);
    }

    private void await(Supplier<Boolean> condition, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            if (read(condition)) {
                return;
            }
            Thread.sleep(10);
        }
        fail("timed out waiting for " + what);
    }

    @Test
    void should_send_only_the_query_typed_last_when_typing_is_quicker_than_the_debounce() throws Exception {
        Searcher searcher = searcher(300);
        onGui(() -> {
            searcher.typed("d");
            searcher.typed("de");
            searcher.typed("deb");
        });
        await(() -> model.phase() == SearchModel.Phase.RESULTS, "the answer");
        assertEquals(List.of("deb"), link.asked);
        assertEquals("deb.txt", read(() -> model.hits().get(0).name()));
    }

    @Test
    void should_drop_a_slow_answer_that_arrives_after_a_newer_query() throws Exception {
        Searcher searcher = searcher(0);
        CountDownLatch slow = new CountDownLatch(1);
        link.holds.put("old", slow);
        onGui(() -> searcher.typed("old"));
        await(() -> link.asked.contains("old"), "the old query to leave");
        onGui(() -> searcher.typed("new"));
        slow.countDown();
        await(() -> model.phase() == SearchModel.Phase.RESULTS, "the new answer");
        assertEquals("new.txt", read(() -> model.hits().get(0).name()));
        assertFalse(shown.contains("old.txt"), "the stale answer was never shown: " + shown);
    }

    @Test
    void should_not_send_a_query_that_a_newer_one_overtook_while_it_waited() throws Exception {
        Searcher searcher = searcher(0);
        CountDownLatch slow = new CountDownLatch(1);
        link.holds.put("a", slow);
        onGui(() -> searcher.typed("a"));
        await(() -> link.asked.contains("a"), "the first query to leave");
        onGui(() -> {
            searcher.typed("ab");
            searcher.typed("abc");
        });
        slow.countDown();
        await(() -> model.phase() == SearchModel.Phase.RESULTS, "the last answer");
        assertEquals(List.of("a", "abc"), link.asked);
    }

    @Test
    void should_show_the_daemons_sentence_when_a_search_fails_and_clear_on_a_blank_query() throws Exception {
        Searcher searcher = searcher(0);
        link.failures.put("x", "no leader is known yet");
        onGui(() -> searcher.typed("x"));
        await(() -> model.phase() == SearchModel.Phase.FAILED, "the failure");
        assertEquals("no leader is known yet", read(model::failure));
        onGui(() -> searcher.typed(""));
        assertEquals(SearchModel.Phase.IDLE, read(model::phase));
        assertTrue(read(model::hits).isEmpty());
    }

    @Test
    void should_search_the_current_query_again_on_refresh() throws Exception {
        Searcher searcher = searcher(0);
        onGui(() -> searcher.typed("q"));
        await(() -> model.phase() == SearchModel.Phase.RESULTS, "the answer");
        onGui(searcher::refresh);
        await(() -> link.asked.size() == 2, "the second search");
        assertEquals(List.of("q", "q"), link.asked);
    }
}
