/**
 * Leader election, as a pure state machine: {@link io.iwant.daemon.election.Election} takes one
 * {@link io.iwant.daemon.election.Event} with its time and returns the {@link io.iwant.daemon.election.Action}s to
 * carry out. It owns where a peer stands ({@link io.iwant.daemon.election.Standing}: state, leadership, terms), what
 * it knows of the other peers' ages and reachability ({@link io.iwant.daemon.election.Candidates},
 * {@link io.iwant.daemon.election.Ages}) and its timers; {@link io.iwant.daemon.election.Timings} holds every timing.
 *
 * <p>Runs on whichever thread feeds it, one at a time: in the daemon the discovery thread, through
 * {@link io.iwant.daemon.discovery.DiscoveryNode}; in the tests a simulated network on virtual time.
 *
 * <p>May use: the messages of {@code protocol.discovery} and {@link java.util.Random} (given, never created). Reads
 * no clock, opens no socket, starts no thread, logs nothing.
 */
package io.iwant.daemon.election;
