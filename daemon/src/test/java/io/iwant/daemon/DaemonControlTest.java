package io.iwant.daemon;

import io.iwant.protocol.UserError;
import io.iwant.protocol.control.ControlReply;
import io.iwant.protocol.control.ControlRequest;
import io.iwant.protocol.control.ControlRequest.FolderKind;
import io.iwant.protocol.home.Home;
import io.iwant.protocol.home.Settings;
import io.iwant.protocol.secure.KeyFiles;
import io.iwant.protocol.secure.NetworkKey;
import io.iwant.protocol.secure.PeerKey;
import io.iwant.protocol.wire.Frames;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DaemonControlTest {
    @TempDir
    Path tmp;
    Home home;
    Path share;
    Path downloads;
    Daemon daemon;
    long startedNanos;

    @BeforeEach
    void start() throws IOException {
        home = new Home(tmp.resolve("home"));
        share = Files.createDirectory(tmp.resolve("share"));
        downloads = tmp.resolve("downloads");
        startedNanos = System.nanoTime();
        daemon = Daemon.start(home, options());
    }

    private StartOptions options() {
        // Discovery on the loopback only, on a group and port no other test run uses.
        java.util.Random random = new java.util.Random();
        String group = "239.255.77." + (1 + random.nextInt(250)) + ":" + (20_000 + random.nextInt(40_000));
        return new StartOptions("lo", group, 0, List.of(), share, downloads);
    }

    @AfterEach
    void stop() {
        daemon.close();
    }

    @Test
    void should_answer_status_with_its_peer_id_folders_and_uptime_since_its_start() throws IOException {
        ControlReply.Status status = (ControlReply.Status) TestControl.call(home, new ControlRequest.Status());
        long sinceStartMillis = (System.nanoTime() - startedNanos) / 1_000_000;
        assertEquals(daemon.peerId(), status.peerId());
        assertEquals(share.toRealPath().toString(), status.share());
        assertEquals(downloads.toRealPath().toString(), status.downloads());
        // counted in milliseconds from this start: never more than the test has waited, whatever the machine's load
        assertTrue(status.uptimeMillis() <= sinceStartMillis, status.uptimeMillis() + " > " + sinceStartMillis);
    }

    @Test
    void should_report_the_health_of_every_supervised_part() throws IOException {
        ControlReply.Status status = (ControlReply.Status) TestControl.call(home, new ControlRequest.Status());
        List<String> parts = status.health().stream().map(ControlReply.Part::name).toList();
        for (String part : List.of("peer-router", "transfer-loop", "control-accept", "index", "iwant-discovery")) {
            assertTrue(parts.contains(part), part + " in " + parts);
        }
        assertTrue(status.health().stream().allMatch(p -> p.state() == ControlReply.PartState.RUNNING),
                status.health().toString());
        assertTrue(status.healthy());
    }

    @Test
    void should_list_itself_as_a_member_and_lead_alone_once_discovery_settled() throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        ControlReply.Status status = (ControlReply.Status) TestControl.call(home, new ControlRequest.Status());
        while (status.leader() == null && System.nanoTime() < deadline) {
            Thread.sleep(50);
            status = (ControlReply.Status) TestControl.call(home, new ControlRequest.Status());
        }
        assertEquals(daemon.peerId(), status.leader());
        assertEquals(1, status.members().size());
        ControlReply.Member self = status.members().get(0);
        assertTrue(self.self() && self.leader(), self.toString());
        assertEquals(daemon.peerId(), self.peerId());
        assertTrue(self.address().startsWith("127.0.0.1:"), self.address());
    }

    @Test
    void should_show_its_index_in_status_and_follow_a_new_shared_folder() throws Exception {
        Files.writeString(share.resolve("one.txt"), "one");
        ControlReply.IndexState index = awaitIndex(state -> state.files() == 1);
        assertEquals(3, index.bytes());

        Path other = Files.createDirectories(tmp.resolve("other/sub"));
        Files.writeString(other.resolve("a.txt"), "aa");
        Files.writeString(other.resolve("b.txt"), "bbb");
        TestControl.call(home, new ControlRequest.SetFolder(FolderKind.SHARE, other.getParent().toString()));
        index = awaitIndex(state -> state.files() == 2 && state.folders() == 1);
        assertEquals(5, index.bytes());
        assertTrue(daemon.index().snapshot().entries().stream().anyMatch(e -> e.path().equals("sub/b.txt")));
    }

    private ControlReply.IndexState awaitIndex(java.util.function.Predicate<ControlReply.IndexState> test)
            throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        ControlReply.IndexState state = ((ControlReply.Status) TestControl.call(home, new ControlRequest.Status())).index();
        while (!test.test(state) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            state = ((ControlReply.Status) TestControl.call(home, new ControlRequest.Status())).index();
        }
        assertTrue(test.test(state), "status never showed the expected index: " + state);
        return state;
    }

    @Test
    void should_keep_its_home_and_socket_private() throws IOException {
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(home.dir())));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(home.controlSocket())));
    }

    @Test
    void should_apply_and_persist_a_new_shared_folder_at_once() throws IOException {
        Path other = Files.createDirectory(tmp.resolve("other"));
        ControlReply reply = TestControl.call(home, new ControlRequest.SetFolder(FolderKind.SHARE, other.toString()));
        assertInstanceOf(ControlReply.Done.class, reply);
        ControlReply.Config config = (ControlReply.Config) TestControl.call(home, new ControlRequest.ViewConfig());
        assertEquals(other.toRealPath().toString(), config.share());
        assertEquals(Settings.load(home.config()).sweep(), config.sweep(), "the sweep the home has saved");
        assertTrue(Files.readString(home.config()).contains("share=" + other.toRealPath()));
    }

    @Test
    void should_refuse_nested_share_folder_and_leave_the_config_file_alone() throws IOException {
        byte[] before = Files.readAllBytes(home.config());
        Path nested = Files.createDirectory(downloads.resolve("nested"));
        ControlReply reply = TestControl.call(home, new ControlRequest.SetFolder(FolderKind.SHARE, nested.toString()));
        ControlReply.Failed failed = assertInstanceOf(ControlReply.Failed.class, reply);
        assertEquals(UserError.FAILED, failed.exitCode());
        assertTrue(failed.message().contains("inside the download folder"), failed.message());
        assertEquals(new String(before), new String(Files.readAllBytes(home.config())));
        ControlReply.Config config = (ControlReply.Config) TestControl.call(home, new ControlRequest.ViewConfig());
        assertEquals(share.toRealPath().toString(), config.share());
    }

    @Test
    void should_refuse_a_second_daemon_on_the_same_home() {
        UserError e = assertThrows(UserError.class, () -> Daemon.start(home, options()));
        assertEquals(UserError.FAILED, e.exitCode());
        assertTrue(e.getMessage().startsWith("another iwant daemon is already running on " + home), e.getMessage());
    }

    @Test
    void should_answer_garbage_with_a_failure_and_keep_serving() throws IOException {
        ControlReply reply = TestControl.exchange(home, new byte[] {(byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef});
        assertTrue(((ControlReply.Failed) reply).message().startsWith("bad request"));
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(home.controlSocket()));
            // a frame header announcing 2 GiB: refused before anything is allocated
            Channels.newOutputStream(channel).write(new byte[] {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff});
            byte[] answer = Frames.read(Channels.newInputStream(channel), Frames.MAX_CONTROL_FRAME);
            assertTrue(answer != null && answer.length > 0);
        }
        assertInstanceOf(ControlReply.Status.class, TestControl.call(home, new ControlRequest.Status()));
    }

    @Test
    void should_release_everything_on_close_and_replace_a_stale_socket_on_restart() throws IOException {
        daemon.close();
        assertFalse(Files.exists(home.controlSocket()), "socket removed on clean close");
        Files.writeString(home.controlSocket(), "stale"); // what a killed daemon can leave behind
        daemon = Daemon.start(home, options());
        assertInstanceOf(ControlReply.Status.class, TestControl.call(home, new ControlRequest.Status()));
    }

    @Test
    void should_show_an_open_network_and_this_peers_key_fingerprint_by_default() throws IOException {
        ControlReply.Network network = ((ControlReply.Status) TestControl.call(home, new ControlRequest.Status()))
                .network();
        assertEquals(ControlReply.NetworkMode.OPEN, network.mode());
        assertEquals(null, network.fingerprint());
        assertEquals(PeerKey.loadOrCreate(home.peerKey()).fingerprint(), network.peerKey());
        assertTrue(daemon.access().startsWith("open"), daemon.access());
    }

    @Test
    void should_save_a_network_key_given_at_start_and_show_its_fingerprint_never_the_key() throws IOException {
        daemon.close();
        NetworkKey key = NetworkKey.generate();
        Path file = tmp.resolve("lan.key");
        KeyFiles.writePrivate(file, key.text());
        StartOptions base = options();
        daemon = Daemon.start(home, new StartOptions(base.networkInterface(), base.group(), base.port(), base.peers(),
                base.share(), base.downloads(), file.toString()));
        assertEquals(key, NetworkKey.read(home.networkKey()));
        assertEquals("private, key fingerprint " + key.fingerprint(), daemon.access());
        ControlReply.Status status = (ControlReply.Status) TestControl.call(home, new ControlRequest.Status());
        ControlReply.Config config = (ControlReply.Config) TestControl.call(home, new ControlRequest.ViewConfig());
        for (ControlReply.Network network : List.of(status.network(), config.network())) {
            assertEquals(ControlReply.NetworkMode.PRIVATE, network.mode());
            assertEquals(key.fingerprint(), network.fingerprint());
        }
        assertFalse(status.toString().contains(key.text()) || config.toString().contains(key.text()));

        daemon.close(); // a later start without the option stays private; "none" makes it open again
        daemon = Daemon.start(home, options());
        assertEquals(ControlReply.NetworkMode.PRIVATE,
                ((ControlReply.Status) TestControl.call(home, new ControlRequest.Status())).network().mode());
        daemon.close();
        daemon = Daemon.start(home, new StartOptions(base.networkInterface(), base.group(), base.port(), base.peers(),
                base.share(), base.downloads(), "none"));
        assertTrue(daemon.notices().contains("the network is open now: left the private network "
                + key.fingerprint() + ", and anyone on this segment can join"), daemon.notices().toString());
        assertFalse(Files.exists(home.networkKey()));
    }

    @Test
    void should_refuse_to_start_on_a_home_whose_network_key_others_can_read() throws IOException {
        daemon.close();
        KeyFiles.writePrivate(home.networkKey(), NetworkKey.generate().text());
        Files.setPosixFilePermissions(home.networkKey(), PosixFilePermissions.fromString("rw-r--r--"));
        UserError e = assertThrows(UserError.class, () -> Daemon.start(home, options()));
        assertEquals(UserError.FAILED, e.exitCode());
        assertTrue(e.getMessage().contains("chmod 600 " + home.networkKey()), e.getMessage());
        assertFalse(Files.exists(home.controlSocket()), "nothing left running");
        Files.setPosixFilePermissions(home.networkKey(), PosixFilePermissions.fromString("rw-------"));
        daemon = Daemon.start(home, options()); // the lock was released: once the file is private, it starts
        assertTrue(daemon.access().startsWith("private"), daemon.access());
    }

    @Test
    void should_keep_the_peer_id_across_restarts() throws IOException {
        String id = daemon.peerId();
        daemon.close();
        daemon = Daemon.start(home, options());
        assertEquals(id, daemon.peerId());
    }

    @Test
    void should_refuse_to_stream_a_folder_or_what_nobody_has_in_one_sentence() throws Exception {
        Files.createDirectories(share.resolve("album"));
        Files.writeString(share.resolve("album/one.txt"), "one");
        long deadline = System.nanoTime() + 20_000_000_000L;
        ControlReply.Hit album = null;
        while (album == null && System.nanoTime() < deadline) {
            if (TestControl.call(home, new ControlRequest.Search("album", 5)) instanceof ControlReply.SearchResults r) {
                album = r.hits().stream().filter(ControlReply.Hit::dir).findFirst().orElse(null);
            }
            Thread.sleep(50);
        }
        assertTrue(album != null, "the shared folder never showed up in a search");

        ControlReply.Failed folder = assertInstanceOf(ControlReply.Failed.class,
                TestControl.call(home, new ControlRequest.Stream(album.hash(), true)));
        assertEquals(UserError.FAILED, folder.exitCode());
        assertEquals("album/ is a folder; only a file can be streamed (fetch the folder with: iwanto download "
                + album.hash().substring(0, 12) + ")", folder.message());
        ControlReply.Failed nobody = assertInstanceOf(ControlReply.Failed.class,
                TestControl.call(home, new ControlRequest.Stream("abcdef0123", true)));
        assertEquals("nothing on the network has a hash that starts with abcdef0123", nobody.message());
    }
}
