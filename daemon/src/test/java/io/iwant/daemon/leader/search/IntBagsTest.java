package io.iwant.daemon.leader.search;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IntBagsTest {
    private static Set<Integer> members(int[] bag) {
        Set<Integer> out = new HashSet<>();
        for (int i = 1, end = IntBags.end(bag); i < end; i++) {
            if (bag[i] >= 0) {
                out.add(bag[i]);
            }
        }
        return out;
    }

    @Test
    void a_bag_behaves_like_a_set_through_growth_and_shrinking() {
        Random random = new Random(42);
        for (int round = 0; round < 20; round++) {
            int[] bag = IntBags.EMPTY;
            Set<Integer> expected = new HashSet<>();
            int range = 1 + random.nextInt(3000);
            for (int op = 0; op < 20_000; op++) {
                int v = random.nextInt(range);
                boolean add = random.nextInt(100) < (op < 10_000 ? 70 : 30);
                if (add) {
                    bag = IntBags.add(bag, v);
                    expected.add(v);
                } else {
                    bag = IntBags.remove(bag, v);
                    expected.remove(v);
                }
                if (op % 997 == 0) {
                    assertEquals(expected, members(bag));
                }
                assertEquals(expected.size(), IntBags.size(bag));
                assertEquals(expected.contains(v), IntBags.contains(bag, v));
            }
            assertEquals(expected, members(bag));
        }
    }

    @Test
    void the_shared_empty_bag_is_never_written() {
        int[] one = IntBags.add(IntBags.EMPTY, 7);
        IntBags.remove(one, 7);
        assertEquals(0, IntBags.size(IntBags.EMPTY));
        assertEquals(1, IntBags.EMPTY.length);
    }

    @Test
    void tables_stay_between_a_quarter_and_three_quarters_full_and_rare_bags_are_exact() {
        int[] bag = IntBags.EMPTY;
        for (int v = 0; v < 500_000; v++) {
            bag = IntBags.add(bag, v * 3);
            if (v < 16) {
                assertEquals(v + 2, bag.length, "a small bag is as long as its members and the size");
            }
        }
        assertTrue(bag.length - 1 <= 500_000 * 2, "at least half full after growing: " + bag.length);
        assertEquals(500_000, members(bag).size());
        for (int v = 0; v < 499_000; v++) {
            bag = IntBags.remove(bag, v * 3);
        }
        assertEquals(1000, IntBags.size(bag));
        assertTrue(bag.length - 1 <= 4000, "shrunk as members go: " + bag.length);
        for (int v = 499_000; v < 500_000; v++) {
            assertTrue(IntBags.contains(bag, v * 3));
            assertFalse(IntBags.contains(bag, v * 3 + 1));
        }
    }
}
