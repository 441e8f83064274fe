package io.iwant.protocol.index;

import io.iwant.protocol.hash.FolderManifest;
import io.iwant.protocol.wire.Codec;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class IndexWireTest {
    private static final String H = "395c2f5598a1643a205154c6f4c46ce36895b28e6c35660a95e5c6fd5ef9aeab";

    @Test
    void deltas_snapshots_and_manifests_cross_the_wire_unchanged() throws Exception {
        IndexDelta delta = new IndexDelta(7, List.of(new IndexEntry("a/b.txt", 5, H, false),
                new IndexEntry("a", 5, H, true)), List.of("old/x"));
        assertEquals(delta, Codec.decode(Codec.encode(delta), IndexDelta.class));

        IndexSnapshot snapshot = new IndexSnapshot(7, List.of(new IndexEntry("a", 5, H, true)));
        assertEquals(snapshot, Codec.decode(Codec.encode(snapshot), IndexSnapshot.class));
        IndexSnapshot empty = new IndexSnapshot(0, List.of());
        assertEquals(empty, Codec.decode(Codec.encode(empty), IndexSnapshot.class));

        FolderManifest manifest = new FolderManifest(List.of(
                new FolderManifest.Entry("x", FolderManifest.Kind.FOLDER, 0, H),
                new FolderManifest.Entry("b.txt", FolderManifest.Kind.FILE, 5, H)));
        FolderManifest back = Codec.decode(Codec.encode(manifest), FolderManifest.class);
        assertEquals(manifest, back);
        assertEquals(manifest.hash(), back.hash());
    }

    @Test
    void deltas_are_bounded_and_checked() {
        List<String> many = new ArrayList<>();
        for (int i = 0; i <= IndexDelta.MAX_CHANGES; i++) {
            many.add("f" + i);
        }
        assertThrows(IllegalArgumentException.class, () -> new IndexDelta(1, List.of(), many));
        assertThrows(IllegalArgumentException.class, () -> new IndexDelta(0, List.of(), List.of()));
        assertThrows(IllegalArgumentException.class, () -> new IndexDelta(1, List.of(), List.of("../x")));
        assertThrows(IllegalArgumentException.class, () -> new IndexSnapshot(-1, List.of()));
    }
}
