package io.iwant.daemon.leader.search;

import io.iwant.protocol.hash.Hex;
import io.iwant.protocol.index.IndexEntry;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The ranking of a seeded network, pinned: the digest below was taken from the index as it was before its names
 * moved from one {@code String} each into {@link NameText} (the same 300 hits, byte for byte). A change to how the
 * index stores what it holds must leave it as it is; a change to the ranking itself updates it, on purpose.
 */
class SearchGoldenTest {
    private static final String DIGEST = "75f5da8cb21eb58a2fab464d3d191628ff88528853c8ecd8fac0b95085821546";

    @Test
    void a_seeded_network_ranks_exactly_as_it_did_before_names_were_packed() throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        NetworkIndex index = new NetworkIndex();
        String[] words = ("silicon valley breaking bad report final draft budget summary photo holiday beach kernel "
                + "linux notes album live remaster track café straße 東京").split(" ");
        Random random = new Random(3);
        for (int p = 0; p < 4; p++) {
            List<IndexEntry> mine = new ArrayList<>();
            for (int i = 0; i < 3000; i++) {
                String name = words[random.nextInt(words.length)] + "." + words[random.nextInt(words.length)] + ".S0"
                        + random.nextInt(9) + "E" + random.nextInt(30) + "." + i + (random.nextBoolean() ? ".mkv" : ".pdf");
                String dir = "Folder " + words[random.nextInt(words.length)] + "/" + random.nextInt(20);
                String content = random.nextInt(4) == 0 ? "shared-" + (i % 500) : "p" + p + "-" + i;
                String hash = Hex.encode(sha.digest(content.getBytes(StandardCharsets.UTF_8)));
                mine.add(new IndexEntry(dir + "/" + name, content.length(), hash, false));
            }
            index.replacePeer("peer-" + p, "tcp://10.0.0." + p + ":7378", mine);
        }
        StringBuilder out = new StringBuilder();
        for (String q : List.of("silicon valey", "breking bad s02", "report final 17", "café", "straße", "東京",
                "holiday beach", "linux kernel notes", "album live", "budget")) {
            for (SearchHit hit : index.search(q, 30)) {
                out.append(q).append('\t').append(hit).append('\n');
            }
        }
        assertEquals(300, out.toString().lines().count());
        assertEquals(DIGEST, Hex.encode(sha.digest(out.toString().getBytes(StandardCharsets.UTF_8))));
    }
}
