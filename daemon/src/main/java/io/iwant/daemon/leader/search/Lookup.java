package io.iwant.daemon.leader.search;

import java.util.List;

/** The answer to a lookup by hash or hash prefix: one content, several candidates, or nothing. */
public sealed interface Lookup {
    /** Candidates listed for an ambiguous prefix, at most. */
    int MAX_CANDIDATES = 20;

    /** A sentence for the user (what was found, or why the lookup cannot go on). */
    String message();

    /** Exactly one content matches; {@code peers} (sorted by id) hold it. */
    record Found(String hash, String name, long size, boolean dir, List<PeerEndpoint> peers) implements Lookup {
        public Found {
            peers = List.copyOf(peers);
        }

        @Override
        public String message() {
            return (dir ? "Folder " : "File ") + name + " (" + hash + ") is held by " + peers.size()
                    + (peers.size() == 1 ? " peer." : " peers.");
        }
    }

    /** Several contents start with the prefix: the first {@link #MAX_CANDIDATES} by hash, and whether more exist. */
    record Ambiguous(String prefix, List<Candidate> candidates, boolean more) implements Lookup {
        public Ambiguous {
            candidates = List.copyOf(candidates);
        }

        @Override
        public String message() {
            return "The hash prefix " + prefix + " matches " + (more ? "more than " : "") + candidates.size()
                    + " files or folders; give more digits.";
        }
    }

    /** Nothing on the network starts with the prefix. */
    record NotFound(String prefix) implements Lookup {
        @Override
        public String message() {
            return "No peer on the network has a file or folder whose hash starts with " + prefix + ".";
        }
    }

    /** One of the contents an ambiguous prefix matches. */
    record Candidate(String hash, String name, long size, boolean dir) {
    }
}
