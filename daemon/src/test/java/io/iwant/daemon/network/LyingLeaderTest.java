package io.iwant.daemon.network;

import io.iwant.daemon.index.LocalIndex;
import io.iwant.daemon.leader.LeaderClient;
import io.iwant.daemon.leader.LeaderRef;
import io.iwant.daemon.leader.MemberFallback;
import io.iwant.daemon.leader.search.NetworkIndex;
import io.iwant.daemon.leader.sync.SyncServer;
import io.iwant.daemon.peer.PeerServer;
import io.iwant.daemon.store.Db;
import io.iwant.daemon.transfer.fetch.DownloadManager;
import io.iwant.daemon.transfer.fetch.LocalCopies;
import io.iwant.daemon.transfer.fetch.Progress;
import io.iwant.daemon.transfer.fetch.SeederDirectory;
import io.iwant.daemon.transfer.fetch.TransferSettings;
import io.iwant.daemon.transfer.seed.ChunkServer;
import io.iwant.protocol.UserError;
import io.iwant.protocol.control.DownloadState;
import io.iwant.protocol.hash.FileHasher;
import io.iwant.protocol.peer.PeerMessage;
import io.iwant.protocol.peer.Sync;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.ZContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A leader that answers every search with nothing and every lookup with NotFound is not believed: the members,
 * real peers on 127.0.0.1 with real local indexes, are asked directly, and search, lookup and download find what
 * they hold. The hits of a new leader that has not taken in every member's index yet are completed by the members it
 * names as pending, and by them only.
 */
class LyingLeaderTest {
    private static final byte[] EPISODE = content(1, 300_000);
    private static final byte[] REPORT = content(2, 5_000);

    @TempDir
    Path tmp;
    private final ZContext context = new ZContext();
    private final List<AutoCloseable> open = new ArrayList<>();
    private String liar;
    private Member alice;
    private Member bob;
    private Member me;

    /** A peer with a share, its local index, and a peer socket answering local questions and chunk requests. */
    private record Member(String id, LocalIndex index, LocalAnswers answers, String endpoint) {
        MemberFallback.Member asMember(boolean self) {
            return new MemberFallback.Member(id, endpoint, self);
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        liar = lyingLeader();
        alice = member("alice", "tv/Silicon.Valley.S01E01.mkv", EPISODE);
        bob = member("bob", "Silicon Valley S01E01.mkv", EPISODE, "docs/Quarterly Report.pdf", REPORT);
        me = member("me");
    }

    @AfterEach
    void tearDown() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        context.close();
    }

    private <T extends AutoCloseable> T keep(T closeable) {
        open.add(closeable);
        return closeable;
    }

    private static byte[] content(long seed, int size) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** Answers every search with no hits and every lookup with NotFound. */
    private String lyingLeader() {
        PeerServer server = keep(new PeerServer(context, "127.0.0.1", 0, 2));
        server.on(Sync.Search.class, PeerServer.Lane.POOL,
                (client, request) -> PeerServer.Reply.of(new Sync.Results(List.of())));
        server.on(Sync.Lookup.class, PeerServer.Lane.POOL,
                (client, request) -> PeerServer.Reply.of(new Sync.NotFound("nothing here")));
        return "127.0.0.1:" + server.start();
    }

    /** A member sharing {@code files} (path, content, path, content, ...). */
    private Member member(String id, Object... files) throws Exception {
        Path home = tmp.resolve(id);
        Path share = Files.createDirectories(home.resolve("share"));
        for (int i = 0; i < files.length; i += 2) {
            Path file = share.resolve((String) files[i]);
            Files.createDirectories(file.getParent());
            Files.write(file, (byte[]) files[i + 1]);
        }
        Db db = keep(Db.open(home.resolve("db")));
        LocalIndex index = keep(new LocalIndex(db));
        index.start(share, Files.createDirectories(home.resolve("downloads")));
        assertTrue(index.awaitIdle(Duration.ofSeconds(20)), "the first scan of " + id);
        PeerServer server = keep(new PeerServer(context, "127.0.0.1", 0, 2));
        LocalAnswers answers = new LocalAnswers(index).register(server);
        new ChunkServer(new IndexContent(index)).register(server);
        return new Member(id, index, answers, "127.0.0.1:" + server.start());
    }

    private LeaderClient client(String leaderEndpoint, Member... members) {
        List<MemberFallback.Member> all = new ArrayList<>();
        all.add(me.asMember(true));
        for (Member m : members) {
            all.add(m.asMember(false));
        }
        MemberFallback fallback = new MemberFallback(context, () -> all, me.answers(), Duration.ofMillis(1500));
        SyncServer notLeading = new SyncServer(new NetworkIndex(), () -> false,
                SyncServer.Members.of(peerId -> Optional.empty(), Set::of));
        return new LeaderClient(context, notLeading, () -> Optional.of(new LeaderRef("liar", leaderEndpoint, false)),
                fallback, Duration.ofMillis(300), Duration.ofMillis(700));
    }

    private static String hash(byte[] content) throws IOException {
        return new FileHasher().hash(java.nio.channels.Channels.newChannel(new java.io.ByteArrayInputStream(content)),
                content.length, done -> { }).hash();
    }

    @Test
    void a_search_the_leader_answers_with_nothing_finds_the_members_files() {
        Sync.Results results = client(liar, alice, bob).search("slicon valey", 10);

        assertEquals(1, results.hits().size(), results.toString());
        Sync.Found episode = results.hits().get(0);
        assertEquals("Silicon Valley S01E01.mkv", episode.name(), "the name that fits the query best");
        assertEquals(EPISODE.length, episode.size());
        assertEquals(2, episode.peers(), "both members hold it");
        assertEquals("Quarterly Report.pdf", client(liar, alice, bob).search("quartely reprot", 10).hits().get(0)
                .name());
    }

    @Test
    void a_lookup_by_prefix_the_leader_denies_names_every_member_holding_it() throws IOException {
        String hash = hash(EPISODE);
        PeerMessage answer = client(liar, alice, bob).lookup(hash.substring(0, 8));

        Sync.Located located = assertInstanceOf(Sync.Located.class, answer);
        assertEquals(hash, located.hash());
        assertEquals(EPISODE.length, located.size());
        assertEquals(Set.of(alice.endpoint(), bob.endpoint()),
                located.seeders().stream().map(Sync.Seeder::endpoint).collect(Collectors.toSet()));
        assertEquals(Set.of("alice", "bob"),
                located.seeders().stream().map(Sync.Seeder::peerId).collect(Collectors.toSet()));
    }

    @Test
    void a_download_of_a_full_hash_the_leader_denies_comes_from_the_members() throws Exception {
        String hash = hash(EPISODE);
        SeederDirectory directory = new LeaderDirectory(client(liar, alice, bob), me.id());
        Path downloads = Files.createDirectories(tmp.resolve("me-downloads"));
        Db db = keep(Db.open(tmp.resolve("me-transfers")));
        TransferSettings quick = TransferSettings.defaults().withTimeouts(Duration.ofMillis(600),
                Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofMillis(500));
        DownloadManager manager = keep(new DownloadManager(db, context, directory, LocalCopies.NONE,
                () -> downloads, quick));
        manager.start();

        manager.download(hash);
        Progress done = await(manager, hash);

        assertEquals(DownloadState.DONE, done.state(), done.reason());
        assertArrayEquals(EPISODE, Files.readAllBytes(Path.of(done.target())));
    }

    @Test
    void a_leader_that_cannot_be_reached_is_replaced_by_the_members() throws IOException {
        String nobody = "127.0.0.1:1";
        assertEquals("Silicon Valley S01E01.mkv", client(nobody, alice, bob).search("silicon valley", 10).hits()
                .get(0).name());
        assertInstanceOf(Sync.Located.class, client(nobody, alice, bob).lookup(hash(REPORT)));
    }

    @Test
    void when_the_members_have_nothing_either_the_leaders_answer_stands() throws IOException {
        assertEquals(List.of(), client(liar, alice, bob).search("zzqxj wvkkp", 10).hits());
        Sync.NotFound notFound = assertInstanceOf(Sync.NotFound.class,
                client(liar, alice, bob).lookup("abcdef"));
        assertEquals("nothing here", notFound.message());
        UserError unreachable = assertThrows(UserError.class,
                () -> client("127.0.0.1:1", alice, bob).search("zzqxj wvkkp", 10));
        assertTrue(unreachable.getMessage().startsWith("the leader liar"), unreachable.getMessage());
        assertThrows(UserError.class, () -> client("127.0.0.1:1").lookup(hash(EPISODE)));
    }

    /**
     * A new leader that has taken in alice's index only: it answers every search with alice's episode (1 peer) and
     * names bob, and a peer no member knows, as pending.
     */
    private String newLeader() throws IOException {
        Sync.Found alicesEpisode = new Sync.Found("Silicon.Valley.S01E01.mkv", EPISODE.length, hash(EPISODE), false, 1);
        PeerServer server = keep(new PeerServer(context, "127.0.0.1", 0, 2));
        server.on(Sync.Search.class, PeerServer.Lane.POOL, (client, request) -> PeerServer.Reply.of(
                new Sync.Results(List.of(alicesEpisode), List.of("bob", "0123456789abcdef"))));
        return "127.0.0.1:" + server.start();
    }

    /** A member that is not pending, whose every local search is counted and answered with a hit of its own. */
    private Member counted(String id, AtomicInteger asked) {
        Sync.Found own = new Sync.Found("Silicon Valley S01E02.mkv", 1, "ab".repeat(32), false, 1);
        PeerServer server = keep(new PeerServer(context, "127.0.0.1", 0, 2));
        server.on(Sync.LocalSearch.class, PeerServer.Lane.POOL, (client, request) -> {
            asked.incrementAndGet();
            return PeerServer.Reply.of(new Sync.Results(List.of(own)));
        });
        return new Member(id, null, null, "127.0.0.1:" + server.start());
    }

    @Test
    void hits_of_a_leader_that_has_not_taken_in_every_member_are_completed_by_the_pending_members() throws Exception {
        AtomicInteger carolAsked = new AtomicInteger();
        Member carol = counted("carol", carolAsked);
        LeaderClient client = client(newLeader(), alice, bob, carol);

        Sync.Results episode = client.search("slicon valey", 10);
        assertEquals(1, episode.hits().size(), episode.toString());
        assertEquals(hash(EPISODE), episode.hits().get(0).hash());
        assertEquals(2, episode.hits().get(0).peers(), "alice through the leader, bob asked directly");
        assertEquals(List.of("0123456789abcdef"), episode.pending(), "a peer no member knows is not asked");

        Sync.Results report = client.search("quartely reprot", 10);
        assertEquals("Quarterly Report.pdf", report.hits().get(0).name(), "bob's file, which the leader lacks");
        assertEquals(0, carolAsked.get(), "a member the leader holds is not asked again");
    }

    @Test
    void hits_of_a_leader_that_holds_every_member_are_taken_as_they_are() throws Exception {
        AtomicInteger carolAsked = new AtomicInteger();
        Member carol = counted("carol", carolAsked);
        PeerServer server = keep(new PeerServer(context, "127.0.0.1", 0, 2));
        Sync.Found only = new Sync.Found("Silicon.Valley.S01E01.mkv", EPISODE.length, hash(EPISODE), false, 3);
        server.on(Sync.Search.class, PeerServer.Lane.POOL,
                (client, request) -> PeerServer.Reply.of(new Sync.Results(List.of(only))));

        Sync.Results results = client("127.0.0.1:" + server.start(), alice, bob, carol).search("silicon", 10);

        assertEquals(List.of(only), results.hits());
        assertEquals(0, carolAsked.get());
    }

    @Test
    void a_member_answers_only_for_what_it_holds_itself() throws IOException {
        assertEquals(List.of("Silicon.Valley.S01E01.mkv"), alice.answers().search(new Sync.LocalSearch("silicon", 10))
                .hits().stream().map(Sync.Found::name).toList());
        assertEquals(List.of(), alice.answers().search(new Sync.LocalSearch("report", 10)).hits());
        Sync.Located located = assertInstanceOf(Sync.Located.class,
                alice.answers().lookup(new Sync.LocalLookup(hash(EPISODE).substring(0, 6))));
        assertEquals(List.of(), located.seeders(), "the seeder is the member asked, as discovery knows it");
        assertInstanceOf(Sync.NotFound.class, alice.answers().lookup(new Sync.LocalLookup(hash(REPORT))));
    }

    @Test
    void a_members_answers_follow_its_share_as_it_changes() throws Exception {
        assertEquals(List.of(), alice.answers().search(new Sync.LocalSearch("pink floyd", 10)).hits());
        Files.write(tmp.resolve("alice/share/Pink Floyd - Breathe.flac"), content(3, 1000));
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (alice.answers().search(new Sync.LocalSearch("pink floyd", 10)).hits().isEmpty()) {
            assertTrue(System.nanoTime() - deadline < 0, "the new file is not found within 15 s");
            Thread.sleep(50);
        }
    }

    private static Progress await(DownloadManager manager, String hash) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() - deadline < 0) {
            Optional<Progress> p = manager.progress(hash);
            if (p.isPresent() && p.get().state().finished()) {
                return p.get();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the download did not finish: " + manager.progress(hash));
    }
}
