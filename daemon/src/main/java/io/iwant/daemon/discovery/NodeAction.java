package io.iwant.daemon.discovery;

import io.iwant.daemon.election.Leader;
import io.iwant.protocol.discovery.DiscoveryMessage;

import java.net.InetSocketAddress;
import java.util.Optional;

/** What a {@link DiscoveryNode} asks its driver to do, in order. */
public sealed interface NodeAction {
    /** A message to send. */
    sealed interface Send extends NodeAction {
        DiscoveryMessage message();

        /**
         * Sends the message the way this action says.
         *
         * @return whether it left
         */
        boolean sendOver(DiscoveryTransport transport);
    }

    /** Send to every peer on the group. */
    record ToGroup(DiscoveryMessage message) implements Send {
        @Override
        public boolean sendOver(DiscoveryTransport transport) {
            return transport.toGroup(message);
        }
    }

    /**
     * Send a copy of the message just sent to the group by unicast to one address: a configured peer, a peer that
     * beacons to this one directly.
     */
    record ToAddress(InetSocketAddress target, DiscoveryMessage message) implements Send {
        @Override
        public boolean sendOver(DiscoveryTransport transport) {
            return transport.toAddress(target, message);
        }
    }

    /**
     * Send a message meant for one peer alone (a ping, a pong) by unicast to its address: {@code incarnation} is the
     * incarnation of that peer it is meant for.
     */
    record ToPeer(InetSocketAddress target, long incarnation, DiscoveryMessage message) implements Send {
        @Override
        public boolean sendOver(DiscoveryTransport transport) {
            return transport.toPeer(target, incarnation, message);
        }
    }

    /** A ping or pong for a peer that is not in the view (any more): there is no address to send it to. */
    record Unaddressed(String peerId, DiscoveryMessage message) implements Send {
        @Override
        public boolean sendOver(DiscoveryTransport transport) {
            return false;
        }
    }

    /** A peer appeared (a restarted peer leaves, then joins). */
    record Joined(Membership.Member member) implements NodeAction {
    }

    /** A peer said good-bye, fell silent for the peer timeout, or restarted. */
    record Left(Membership.Member member) implements NodeAction {
    }

    /**
     * The leader this peer follows (or is) changed; empty while there is none.
     *
     * @param term the term of the new leadership, or the highest term seen while there is none
     */
    record LeaderChanged(Optional<Leader> leader, long term) implements NodeAction {
    }

    /** A datagram came from another incarnation with this peer's own id: two homes share an id. Said once. */
    record IdClash(InetSocketAddress source) implements NodeAction {
    }
}
