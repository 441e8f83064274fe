package io.iwant.daemon.leader;

import io.iwant.daemon.peer.LoopbackServers;
import io.iwant.daemon.peer.PeerServer;
import io.iwant.protocol.hash.HashPrefix;
import io.iwant.protocol.peer.PeerMessage;
import io.iwant.protocol.peer.Sync;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** Merging what members say of their own content, checked against the question and never taken on their word. */
class MemberFallbackTest {
    private static final String PREFIX = "abcdef";
    private static final String ONE = PREFIX + "1".repeat(58);
    private static final String TWO = PREFIX + "2".repeat(58);
    private static final String OTHER = "123456" + "0".repeat(58);

    private final LoopbackServers peers = new LoopbackServers();

    @AfterEach
    void close() {
        peers.close();
    }

    /** A member that answers a local search with {@code results} and a local lookup with {@code located}. */
    private MemberFallback.Member member(String id, List<Sync.Found> results, PeerMessage located) {
        return new MemberFallback.Member(id, peers.start(server -> {
            server.on(Sync.LocalSearch.class, PeerServer.Lane.POOL,
                    (client, request) -> PeerServer.Reply.of(new Sync.Results(results)));
            server.on(Sync.LocalLookup.class, PeerServer.Lane.POOL,
                    (client, request) -> PeerServer.Reply.of(located));
        }), false);
    }

    private static final OwnContent NOTHING = new OwnContent() {
        @Override
        public Sync.Results search(Sync.LocalSearch search) {
            return new Sync.Results(List.of());
        }

        @Override
        public PeerMessage lookup(Sync.LocalLookup lookup) {
            return new Sync.NotFound("nothing here");
        }
    };

    private MemberFallback fallback(MemberFallback.Member... members) {
        List<MemberFallback.Member> all = new ArrayList<>(List.of(members));
        all.add(new MemberFallback.Member("me", "127.0.0.1:9", true));
        return new MemberFallback(peers.context, () -> all, NOTHING, Duration.ofMillis(1500));
    }

    private static Sync.Found found(String name, String hash) {
        return new Sync.Found(name, 1000, hash, false, 99);
    }

    private static Sync.Located located(String hash, String name, Sync.Seeder... claimed) {
        return new Sync.Located(hash, name, 1000, false, List.of(claimed));
    }

    @Test
    void two_members_with_different_contents_under_one_prefix_make_it_ambiguous() {
        PeerMessage answer = fallback(member("alice", List.of(), located(ONE, "one.txt")),
                member("bob", List.of(), located(TWO, "two.txt"))).lookup(new HashPrefix(PREFIX), "test");

        Sync.Ambiguous ambiguous = assertInstanceOf(Sync.Ambiguous.class, answer);
        assertEquals(List.of(ONE, TWO), ambiguous.candidates().stream().map(Sync.Found::hash).toList());
        assertEquals(List.of(1, 1), ambiguous.candidates().stream().map(Sync.Found::peers).toList());
    }

    @Test
    void content_whose_hash_does_not_start_with_the_prefix_and_claimed_seeders_are_not_taken() {
        Sync.Seeder someoneElse = new Sync.Seeder("victim", "10.0.0.99:7378");
        MemberFallback.Member alice = member("alice", List.of(), located(ONE, "one.txt", someoneElse));
        PeerMessage answer = fallback(alice, member("liar", List.of(), located(OTHER, "evil.exe")))
                .lookup(new HashPrefix(PREFIX), "test");

        Sync.Located located = assertInstanceOf(Sync.Located.class, answer);
        assertEquals(ONE, located.hash());
        assertEquals(List.of(new Sync.Seeder("alice", alice.endpoint())), located.seeders());
    }

    @Test
    void nobody_holding_anything_is_not_found() {
        PeerMessage answer = fallback(member("alice", List.of(), new Sync.NotFound("no")))
                .lookup(new HashPrefix(PREFIX), "test");
        assertInstanceOf(Sync.NotFound.class, answer);
    }

    @Test
    void search_hits_are_counted_by_the_members_that_sent_them_and_ranked_here_not_by_the_members() {
        List<Sync.Found> spam = List.of(found("Buy Now.exe", OTHER), found("Silicon Valley S01E01.mkv", ONE));
        Sync.Results results = fallback(member("alice", List.of(found("Silicon.Valley.S01E01.mkv", ONE)), null),
                member("spammer", spam, null)).search("silicon valley", 10, "test");

        assertEquals(List.of("Silicon Valley S01E01.mkv", "Buy Now.exe"),
                results.hits().stream().map(Sync.Found::name).toList());
        assertEquals(List.of(2, 1), results.hits().stream().map(Sync.Found::peers).toList(),
                "peers counted here, not the 99 a member claims");
        assertEquals(1, fallback(member("a", spam, null)).search("silicon valley", 1, "test").hits().size());
    }
}
