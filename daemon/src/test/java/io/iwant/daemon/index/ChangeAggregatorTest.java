package io.iwant.daemon.index;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChangeAggregatorTest {
    private final AtomicLong now = new AtomicLong(1_000);
    private final ChangeAggregator changes = new ChangeAggregator(500, 3, now::get);

    @Test
    void a_path_settles_only_after_it_has_been_quiet() {
        changes.add(Path.of("/s/a"), ChangeAggregator.CREATED);
        now.addAndGet(400);
        changes.add(Path.of("/s/a"), ChangeAggregator.MODIFIED);
        now.addAndGet(400);
        assertTrue(changes.takeSettled().paths().isEmpty(), "written 400 ns ago, not settled yet");
        now.addAndGet(100);
        List<ChangeAggregator.Settled> settled = changes.takeSettled().paths();
        assertEquals(List.of(new ChangeAggregator.Settled(Path.of("/s/a"),
                ChangeAggregator.CREATED | ChangeAggregator.MODIFIED)), settled);
        assertTrue(changes.isEmpty());
    }

    @Test
    void paths_settle_in_the_order_they_went_quiet() {
        changes.add(Path.of("/s/a"), ChangeAggregator.CREATED);
        changes.add(Path.of("/s/b"), ChangeAggregator.CREATED);
        now.addAndGet(100);
        changes.add(Path.of("/s/a"), ChangeAggregator.MODIFIED);
        now.addAndGet(450);
        assertEquals(List.of(Path.of("/s/b")), changes.takeSettled().paths().stream()
                .map(ChangeAggregator.Settled::path).toList());
        now.addAndGet(100);
        assertEquals(List.of(Path.of("/s/a")), changes.takeSettled().paths().stream()
                .map(ChangeAggregator.Settled::path).toList());
    }

    @Test
    void too_many_paths_become_one_rescan() {
        for (int i = 0; i < 4; i++) {
            changes.add(Path.of("/s/" + i), ChangeAggregator.CREATED);
        }
        ChangeAggregator.Batch batch = changes.takeSettled();
        assertTrue(batch.rescan());
        assertTrue(batch.paths().isEmpty());
        assertFalse(changes.takeSettled().rescan(), "the rescan is asked for once");
    }
}
