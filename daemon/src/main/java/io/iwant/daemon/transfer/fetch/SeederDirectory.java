package io.iwant.daemon.transfer.fetch;

import io.iwant.protocol.peer.Endpoint;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Who holds a hash, as the network index (the leader) knows it. The download manager asks when a download starts
 * and again every few seconds while it runs, so seeders that appear meanwhile are used. Called from the manager's
 * preparation threads; may block for a network round trip.
 */
public interface SeederDirectory {
    /**
     * Looks up a full hash.
     *
     * @return what it is and who holds it (this peer excluded), or empty when no peer is known to hold it
     * @throws IOException when the network index cannot be asked right now (no leader yet, leader not answering)
     */
    Optional<Found> lookup(String hash) throws IOException;

    /** A hash's name, size, kind and the peers holding it. */
    /**
     * What the directory knows of some content. Seeders whose endpoint is not an IPv4 address and a port are left
     * out here, once: connecting to a host name would wait on a name lookup on the thread that owns the sockets.
     */
    record Found(String name, long size, boolean dir, List<Seeder> seeders) {
        public Found {
            seeders = seeders.stream().filter(s -> Endpoint.isValid(s.endpoint())).toList();
        }
    }

    /** A peer holding the content, and its peer socket ("host:port"; a "tcp://" prefix is accepted). */
    record Seeder(String peerId, String endpoint) {
        public Seeder {
            if (peerId == null || endpoint == null || endpoint.isBlank()) {
                throw new IllegalArgumentException("a seeder needs a peer id and an endpoint");
            }
            endpoint = endpoint.startsWith("tcp://") ? endpoint.substring("tcp://".length()) : endpoint;
        }
    }
}
