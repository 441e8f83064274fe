package io.iwant.daemon.leader.search;

/**
 * One search result: a content hash with the best-matching name it goes by, its size in bytes, whether it is a
 * folder, and how many distinct peers hold it.
 */
public record SearchHit(String name, long size, String hash, boolean dir, int peers) {
    public SearchHit {
        if (name == null || hash == null || size < 0 || peers < 1) {
            throw new IllegalArgumentException("bad search hit " + name + " " + hash);
        }
    }
}
