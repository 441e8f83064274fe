package io.iwant.daemon.election;

import io.iwant.protocol.discovery.Beacon;
import io.iwant.protocol.discovery.Ping;
import io.iwant.protocol.discovery.Pong;
import io.iwant.protocol.discovery.Victory;

/** What the election is fed with. {@code now} is the time of the event on this peer's monotonic clock, in ms. */
public sealed interface Event {
    long now();

    /** Time passed; the election runs its timers. */
    record Tick(long now) implements Event {
    }

    record BeaconReceived(long now, Beacon beacon) implements Event {
    }

    record VictoryReceived(long now, Victory victory) implements Event {
    }

    record PingReceived(long now, Ping ping) implements Event {
    }

    record PongReceived(long now, Pong pong) implements Event {
    }

    /** The failure detector gave up on a peer, or the peer said good-bye. */
    record PeerGone(long now, String peerId) implements Event {
    }
}
