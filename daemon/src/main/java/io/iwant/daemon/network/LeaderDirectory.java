package io.iwant.daemon.network;

import io.iwant.daemon.leader.LeaderClient;
import io.iwant.daemon.transfer.fetch.SeederDirectory;
import io.iwant.protocol.UserError;
import io.iwant.protocol.peer.PeerMessage;
import io.iwant.protocol.peer.Sync;

import java.io.IOException;
import java.util.Optional;

/**
 * Who holds a hash, asked of the leader (and of the members directly when the leader knows nothing, see
 * {@link LeaderClient}); an answer about another hash is not taken, and this peer itself is left out.
 */
public record LeaderDirectory(LeaderClient leader, String selfId) implements SeederDirectory {
    @Override
    public Optional<Found> lookup(String hash) throws IOException {
        PeerMessage answer;
        try {
            answer = leader.lookup(hash);
        } catch (UserError e) {
            throw new IOException(e.getMessage(), e);
        }
        if (!(answer instanceof Sync.Located located) || !located.hash().equals(hash)) {
            return Optional.empty();
        }
        var seeders = located.seeders().stream().filter(s -> !s.peerId().equals(selfId))
                .map(s -> new Seeder(s.peerId(), s.endpoint())).toList();
        return Optional.of(new Found(located.name(), located.size(), located.dir(), seeders));
    }
}
