package io.iwant.daemon.election;

import io.iwant.protocol.discovery.Beacon;
import io.iwant.protocol.discovery.Ping;
import io.iwant.protocol.discovery.Pong;
import io.iwant.protocol.discovery.Victory;

import java.util.Optional;

/** What the election asks its driver to do. */
public sealed interface Action {
    /** Send a beacon to everyone. */
    record SendBeacon(Beacon beacon) implements Action {
    }

    /** Tell everyone that this peer leads. */
    record AnnounceVictory(Victory victory) implements Action {
    }

    /** Ask the leader (or the peer said to lead) whether it leads. */
    record PingLeader(String leaderId, Ping ping) implements Action {
    }

    /** Answer a ping. */
    record AnswerPing(String peerId, Pong pong) implements Action {
    }

    /** The leader this peer follows (or is) changed; empty while there is none. */
    record LeaderChanged(Optional<Leader> leader) implements Action {
    }
}
