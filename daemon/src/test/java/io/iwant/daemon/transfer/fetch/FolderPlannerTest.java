package io.iwant.daemon.transfer.fetch;

import io.iwant.protocol.hash.FolderManifest;
import io.iwant.protocol.hash.FolderManifest.Entry;
import io.iwant.protocol.hash.FolderManifest.Kind;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FolderPlannerTest {
    private static final String A = "395c2f5598a1643a205154c6f4c46ce36895b28e6c35660a95e5c6fd5ef9aeab";
    private static final String B = "495c2f5598a1643a205154c6f4c46ce36895b28e6c35660a95e5c6fd5ef9aeab";
    private final Map<String, FolderManifest> known = new HashMap<>();

    private String add(FolderManifest m) {
        known.put(m.hash(), m);
        return m.hash();
    }

    private FolderPlanner.Plan plan(FolderManifest root) throws IOException {
        return FolderPlanner.plan(root, root.hash(), hash -> {
            FolderManifest m = known.get(hash);
            if (m == null) {
                throw new IOException("unknown " + hash);
            }
            return m;
        });
    }

    @Test
    void a_tree_becomes_folders_and_distinct_files_with_every_place_they_go() throws Exception {
        String empty = add(new FolderManifest(List.of()));
        String sub = add(new FolderManifest(List.of(new Entry("x.txt", Kind.FILE, 5, A),
                new Entry("nothing", Kind.FOLDER, 0, empty))));
        FolderManifest root = new FolderManifest(List.of(new Entry("a.txt", Kind.FILE, 5, A),
                new Entry("b.bin", Kind.FILE, 9, B), new Entry("sub", Kind.FOLDER, 5, sub)));

        FolderPlanner.Plan plan = plan(root);

        assertEquals(List.of("sub", "sub/nothing"), plan.dirs());
        assertEquals(2, plan.files().size());
        assertEquals(List.of("a.txt", "sub/x.txt"), plan.files().get(0).paths());
        assertEquals(List.of("b.bin"), plan.files().get(1).paths());
    }

    @Test
    void a_hostile_name_anywhere_in_the_tree_is_refused() {
        String sub = add(new FolderManifest(List.of(new Entry("ok", Kind.FILE, 5, A),
                new Entry("D:windows", Kind.FILE, 5, A))));
        FolderManifest root = new FolderManifest(List.of(new Entry("sub", Kind.FOLDER, 10, sub)));
        IOException e = assertThrows(IOException.class, () -> plan(root));
        assertTrue(e.getMessage().contains("refusing the name"), e.getMessage());
    }

    @Test
    void a_folder_whose_size_disagrees_with_its_manifest_is_refused() {
        String sub = add(new FolderManifest(List.of(new Entry("x", Kind.FILE, 5, A))));
        FolderManifest root = new FolderManifest(List.of(new Entry("sub", Kind.FOLDER, 6, sub)));
        IOException e = assertThrows(IOException.class, () -> plan(root));
        assertTrue(e.getMessage().contains("listed with 6 bytes"), e.getMessage());
    }

    @Test
    void one_content_with_two_sizes_is_refused() {
        FolderManifest root = new FolderManifest(List.of(new Entry("a", Kind.FILE, 5, A),
                new Entry("b", Kind.FILE, 6, A)));
        assertThrows(IOException.class, () -> plan(root));
    }

    @Test
    void a_folder_repeated_at_every_level_cannot_blow_up() {
        String level = add(new FolderManifest(List.of(new Entry("f", Kind.FILE, 1, A))));
        long size = 1;
        for (int i = 0; i < 40; i++) { // 2^40 paths from 40 small manifests
            level = add(new FolderManifest(List.of(new Entry("l", Kind.FOLDER, size, level),
                    new Entry("r", Kind.FOLDER, size, level))));
            size *= 2;
        }
        FolderManifest root = known.get(level);
        IOException e = assertThrows(IOException.class, () -> plan(root));
        assertTrue(e.getMessage().contains("more than"), e.getMessage());
    }

    @Test
    void nesting_is_bounded() {
        String level = add(new FolderManifest(List.of()));
        for (int i = 0; i < FolderPlanner.MAX_DEPTH + 2; i++) {
            level = add(new FolderManifest(List.of(new Entry("d", Kind.FOLDER, 0, level))));
        }
        FolderManifest root = known.get(level);
        IOException e = assertThrows(IOException.class, () -> plan(root));
        assertTrue(e.getMessage().contains("levels deep"), e.getMessage());
    }

    @Test
    void long_paths_repeated_many_times_are_bounded_in_total_not_only_one_by_one() {
        // 2,000 files in a folder reached 64 ways down 6 levels of 60-character names: 128,000 entries (under the
        // entry limit), each path under the per-path limit, but about 54 million characters of paths in all
        String name = "n".repeat(60);
        List<Entry> files = new java.util.ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            files.add(new Entry(name + i, Kind.FILE, 1, A));
        }
        String level = add(new FolderManifest(files));
        long size = 2_000;
        for (int i = 0; i < 6; i++) {
            level = add(new FolderManifest(List.of(new Entry(name, Kind.FOLDER, size, level),
                    new Entry(name + "x", Kind.FOLDER, size, level))));
            size *= 2;
        }
        FolderManifest root = known.get(level);
        IOException e = assertThrows(IOException.class, () -> plan(root));
        assertTrue(e.getMessage().contains("more than"), e.getMessage());
    }
}
