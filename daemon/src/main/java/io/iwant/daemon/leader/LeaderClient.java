package io.iwant.daemon.leader;

import io.iwant.daemon.leader.sync.SyncServer;
import io.iwant.daemon.peer.PeerCall;
import io.iwant.protocol.UserError;
import io.iwant.protocol.peer.PeerMessage;
import io.iwant.protocol.peer.Sync;
import org.zeromq.ZContext;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Asks the leader: search and lookup. The leader answers from its network index; when this peer leads, the
 * question never leaves the process. With no leader known it waits briefly, then says so in a sentence.
 */
public final class LeaderClient {
    static final String NO_LEADER = "no leader is known yet, so there is no network index to ask "
            + "(are other peers running? see: iwanto status)";

    private final ZContext context;
    private final SyncServer local;
    private final Supplier<Optional<LeaderRef>> leader;
    private final Duration waitForLeader;
    private final Duration timeout;

    public LeaderClient(ZContext context, SyncServer local, Supplier<Optional<LeaderRef>> leader,
                        Duration waitForLeader, Duration timeout) {
        this.context = context;
        this.local = local;
        this.leader = leader;
        this.waitForLeader = waitForLeader;
        this.timeout = timeout;
    }

    public Sync.Results search(String query, int limit) {
        PeerMessage reply = ask(new Sync.Search(query, limit));
        if (reply instanceof Sync.Results results) {
            return results;
        }
        throw unexpected(reply);
    }

    /** {@link Sync.Located}, {@link Sync.Ambiguous} or {@link Sync.NotFound}. */
    public PeerMessage lookup(String hashPrefix) {
        PeerMessage reply = ask(new Sync.Lookup(hashPrefix));
        if (reply instanceof Sync.Located || reply instanceof Sync.Ambiguous || reply instanceof Sync.NotFound) {
            return reply;
        }
        throw unexpected(reply);
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
