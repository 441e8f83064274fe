package io.iwant.dist;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** scripts/demo runs to its end, shows each step, and leaves nothing behind. */
class DemoIT {
    @Test
    void the_demo_runs_to_the_end_in_under_a_minute() throws Exception {
        long t0 = System.nanoTime();
        Cli.Result r = Cli.exec(List.of(Cli.REPO.resolve("scripts/demo").toString()), Duration.ofSeconds(120));
        long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
        System.out.println(r.out());
        assertEquals(0, r.exit(), r.toString());
        for (String expected : List.of("search slicon valey", "Silicon.Valley.S01E01.720p.mkv", "identical to the original",
                "downloaded Silicon.Valley", "downloaded Holiday Photos/", "Quarterly_Report_2023.pdf", "members    2", "everything cleaned up")) {
            assertTrue(r.out().contains(expected), "missing \"" + expected + "\" in\n" + r);
        }
        assertTrue(seconds < 60, "took " + seconds + " s");
        Cli.Result leftovers = Cli.exec(List.of("pgrep", "-f", "iwant-demo\\."), Duration.ofSeconds(10));
        assertEquals(1, leftovers.exit(), "no process left behind: " + leftovers.out());
    }
}
