package io.iwant.daemon.leader;

import io.iwant.daemon.leader.sync.SyncServer;
import io.iwant.daemon.peer.PeerCall;
import io.iwant.protocol.UserError;
import io.iwant.protocol.hash.HashPrefix;
import io.iwant.protocol.peer.PeerMessage;
import io.iwant.protocol.peer.Sync;
import org.zeromq.ZContext;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Asks the leader: search and lookup. The leader answers from its network index; when this peer leads, the
 * question never leaves the process. With no leader known it waits briefly. The leader is checked, not believed:
 * when it finds nothing, names nothing that starts with the prefix asked, or cannot be asked, the members are asked
 * directly ({@link MemberFallback}); only if they have nothing either does the leader's answer (or its failure, in a
 * sentence) stand. Hits from a leader that has not taken in every member's index yet (a new leader, most often) are
 * completed with the own hits of the members it names as pending.
 */
public final class LeaderClient {
    static final String NO_LEADER = "no leader is known yet, so there is no network index to ask "
            + "(are other peers running? see: iwanto status)";

    private final ZContext context;
    private final SyncServer local;
    private final Supplier<Optional<LeaderRef>> leader;
    private final MemberFallback members;
    private final Duration waitForLeader;
    private final Duration timeout;

    public LeaderClient(ZContext context, SyncServer local, Supplier<Optional<LeaderRef>> leader,
                        MemberFallback members, Duration waitForLeader, Duration timeout) {
        this.context = context;
        this.local = local;
        this.leader = leader;
        this.members = members;
        this.waitForLeader = waitForLeader;
        this.timeout = timeout;
    }

    public Sync.Results search(String query, int limit) {
        UserError failure = null;
        try {
            PeerMessage reply = ask(new Sync.Search(query, limit));
            if (reply instanceof Sync.Results results && !results.hits().isEmpty()) {
                return results.pending().isEmpty() ? results : members.complete(query, limit, results);
            }
            failure = reply instanceof Sync.Results ? null : unexpected(reply);
        } catch (UserError e) {
            failure = e;
        }
        Sync.Results direct = members.search(query, limit, failure == null ? "the leader found nothing"
                : "the leader failed (" + failure.getMessage() + ")");
        if (direct.hits().isEmpty() && failure != null) {
            throw failure;
        }
        return direct;
    }

    /** {@link Sync.Located}, {@link Sync.Ambiguous} or {@link Sync.NotFound}, for a valid hash or hash prefix. */
    public PeerMessage lookup(String hashPrefix) {
        HashPrefix prefix = HashPrefix.parse(hashPrefix);
        PeerMessage answer = null;
        UserError failure = null;
        try {
            answer = ask(new Sync.Lookup(prefix.hex()));
            if (!(answer instanceof Sync.Located || answer instanceof Sync.Ambiguous
                    || answer instanceof Sync.NotFound)) {
                failure = unexpected(answer);
            }
        } catch (UserError e) {
            failure = e;
        }
        if (failure == null && names(prefix, answer)) {
            return answer;
        }
        String why = failure != null ? "the leader failed (" + failure.getMessage() + ")"
                : answer instanceof Sync.NotFound ? "the leader found nothing"
                : "the leader named nothing that starts with the prefix, or no peer holding it";
        PeerMessage direct = members.lookup(prefix, why);
        if (!(direct instanceof Sync.NotFound)) {
            return direct;
        }
        if (failure != null) {
            throw failure;
        }
        return answer instanceof Sync.NotFound ? answer : direct;
    }

    /** Whether a lookup answer names content that starts with {@code prefix} and, if one, a peer that holds it. */
    private static boolean names(HashPrefix prefix, PeerMessage answer) {
        if (answer instanceof Sync.Located located) {
            return prefix.matches(located.hash()) && !located.seeders().isEmpty();
        }
        return answer instanceof Sync.Ambiguous ambiguous
                && ambiguous.candidates().stream().anyMatch(c -> prefix.matches(c.hash()));
    }

    /**
     * Asks whoever leads now; a leader that does not answer within the per-attempt timeout may just have died, so
     * the question goes to the next leader discovery names, until the overall deadline.
     */
    private PeerMessage ask(PeerMessage question) {
        long deadline = System.nanoTime() + waitForLeader.toNanos() + timeout.toNanos();
        UserError lastFailure = null;
        while (true) {
            Optional<LeaderRef> current = leader.get();
            if (current.isPresent()) {
                try {
                    PeerMessage reply = current.get().self() ? answerLocally(question)
                            : PeerCall.request(context, current.get().endpoint(), question, timeout,
                            "the leader " + current.get().peerId());
                    if (!(reply instanceof Sync.NotLeader)) {
                        return reply;
                    }
                } catch (UserError e) {
                    lastFailure = e;
                }
            }
            if (System.nanoTime() > deadline) {
                throw lastFailure != null ? lastFailure : UserError.failed(NO_LEADER);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw UserError.failed(NO_LEADER);
            }
        }
    }

    private PeerMessage answerLocally(PeerMessage question) {
        if (question instanceof Sync.Search search) {
            return local.search(search);
        }
        return local.lookup((Sync.Lookup) question);
    }

    private static UserError unexpected(PeerMessage reply) {
        if (reply instanceof PeerMessage.Refused refused) {
            return UserError.failed("the leader refused: " + refused.reason());
        }
        return UserError.failed("the leader gave an unexpected answer (" + reply.getClass().getSimpleName() + ")");
    }
}
