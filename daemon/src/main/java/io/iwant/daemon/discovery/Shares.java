package io.iwant.daemon.discovery;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Fair shares of a bounded table whose entries each belong to an owner (a sending host, a gossiping member): a new
 * entry of an owner that holds its share replaces that owner's oldest, and in a full table the owner with the most
 * entries gives one up, so that one owner's flood only ever evicts its own entries.
 */
final class Shares {
    private Shares() {
    }

    /**
     * Whose entry to evict before {@code owner} adds one, given the owners of the entries held.
     *
     * @return the owner to take the oldest entry from; empty when there is room
     */
    static Optional<String> evictFor(String owner, Collection<String> owners, int perOwner, int capacity) {
        Map<String, Integer> counts = new HashMap<>();
        owners.forEach(o -> counts.merge(o, 1, Integer::sum));
        if (counts.getOrDefault(owner, 0) >= perOwner) {
            return Optional.of(owner);
        }
        if (owners.size() >= capacity) {
            return counts.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey);
        }
        return Optional.empty();
    }
}
