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
 *
 * <p>The rules of {@link io.iwant.daemon.election.Election}, bully style:
 * <ul>
 * <li>The oldest live peer leads. Ages come from uptimes carried in every message and measured against this
 *     peer's own monotonic clock ({@code Ages}); peers that started within {@code Timings.ageMargin()} of each
 *     other count as equally old and a random number drawn at start breaks the tie.</li>
 * <li>Every leadership has a term; a victory carries the term and a random session secret. A claim with a lower
 *     term than one already seen is stale and loses; between two claims of the same term the smaller peer id wins.
 *     </li>
 * <li>A peer accepts any newer claim unless it is itself clearly older (by more than the age margin) than the
 *     claimant; then it claims a higher term instead. So an established leader is only ever replaced by a peer that
 *     is clearly older (or when it is lost), and two leaders that meet resolve it: the higher term or the clearly
 *     older one wins, and the followers of the other move over.</li>
 * <li>A follower pings its leader. A leader that does not answer within {@code Timings.pingTimeout()}, answers
 *     that it no longer leads, answers with another secret, or shows up with a new incarnation is lost: a new election
 *     follows, in which the peers that stopped answering are no candidates.</li>
 * <li>Trust is earned: discovery passes the election only peers that have answered this peer's ping from their
 *     own address ({@code discovery.Claimants}), and a newly known peer may replace a leadership only once it has
 *     been known for {@code Timings.establishMillis()}. Terms saturate at {@code Limits.MAX_TERM}.</li>
 * </ul>
 */
package io.iwant.daemon.election;
