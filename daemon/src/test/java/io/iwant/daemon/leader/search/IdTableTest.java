package io.iwant.daemon.leader.search;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdTableTest {
    /** Keys are the ids themselves, hashed; a few share a hash to make long probe runs. */
    private static long hash(int id) {
        return Hashing.mix(id % 1000 == 0 ? 42 : id);
    }

    private static boolean has(IdTable table, int id) {
        for (int i = table.start(hash(id)); ; i = table.next(i)) {
            int found = table.id(i);
            if (found < 0) {
                return false;
            }
            if (found == id) {
                return true;
            }
        }
    }

    @Test
    void a_table_behaves_like_a_set_through_growth_and_shrinking() {
        Random random = new Random(7);
        IdTable table = new IdTable(IdTableTest::hash, 16);
        Set<Integer> expected = new HashSet<>();
        for (int op = 0; op < 200_000; op++) {
            int id = random.nextInt(20_000);
            boolean add = random.nextInt(100) < (op < 100_000 ? 70 : 25);
            if (add && expected.add(id)) {
                table.add(id, hash(id));
            } else if (!add) {
                assertEquals(expected.remove(id), table.remove(id));
            }
            assertEquals(expected.size(), table.size());
            assertEquals(expected.contains(id), has(table, id));
        }
        int[] ids = table.ids();
        Arrays.sort(ids);
        assertEquals(expected.stream().sorted().mapToInt(Integer::intValue).boxed().toList(),
                Arrays.stream(ids).boxed().toList());
    }

    @Test
    void a_table_shrinks_when_its_ids_go() {
        IdTable table = new IdTable(IdTableTest::hash, 16);
        for (int id = 0; id < 100_000; id++) {
            table.add(id, hash(id));
        }
        assertTrue(table.capacity() <= 100_000 * 2, "at least half full after growing: " + table.capacity());
        for (int id = 0; id < 99_990; id++) {
            assertTrue(table.remove(id));
        }
        assertEquals(10, table.size());
        assertTrue(table.capacity() <= 80, "under an eighth full it shrinks: " + table.capacity());
        assertTrue(table.ids().length == 10 && has(table, 99_995) && !has(table, 5));
    }
}
