package io.iwant.tui.testing;

import io.iwant.protocol.control.ControlReply;
import io.iwant.protocol.control.ControlReply.Download;
import io.iwant.protocol.control.ControlReply.Hit;
import io.iwant.protocol.control.ControlRequest;
import io.iwant.protocol.control.DownloadState;
import io.iwant.protocol.home.Home;
import io.iwant.protocol.wire.Codec;
import io.iwant.protocol.wire.Frames;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in daemon for client tests: a real Unix-socket server on {@code <home>/control.sock} that speaks the real
 * control protocol (frames and Kryo), with a fixed catalogue to search and downloads that advance one step on every
 * status request, so a test sees progress reach 100% without waiting on a clock.
 */
public final class FakeDaemon implements AutoCloseable {
    public static final String PEER = "3f2a9c1e4b5d6a70";
    public static final String OTHER = "7b1d20aa9c3e5f12";

    private final Home home;
    private final ServerSocketChannel server;
    private final Thread acceptor;
    private final List<Hit> catalogue = new CopyOnWriteArrayList<>();
    private final Map<String, Download> downloads = new LinkedHashMap<>();
    private final Map<String, byte[]> contents = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<ControlRequest> requests = new CopyOnWriteArrayList<>();
    private volatile String leader = OTHER;
    private volatile int steps = 8;
    private volatile long searchDelayMillis;
    private volatile String failNextDownload;
    private volatile boolean frozen;
    private volatile boolean mute;
    private volatile ControlReply.Network network = new ControlReply.Network(ControlReply.NetworkMode.OPEN, null,
            "5d0e4b1c9a22");
    private String share;
    private String downloadsFolder;

    private FakeDaemon(Home home, ServerSocketChannel server) {
        this.home = home;
        this.server = server;
        this.share = home.dir().resolve("shared").toString();
        this.downloadsFolder = home.dir().resolve("downloads").toString();
        this.acceptor = new Thread(this::accept, "fake-daemon-accept");
        this.acceptor.setDaemon(true);
    }

    /** Listens on the control socket of {@code home} (created if needed). */
    public static FakeDaemon start(Home home) throws IOException {
        home.create();
        Files.deleteIfExists(home.controlSocket());
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(home.controlSocket()));
        FakeDaemon daemon = new FakeDaemon(home, server);
        daemon.acceptor.start();
        return daemon;
    }

    /** A catalogue like a small LAN's: a series, a film folder, a distro image. */
    public FakeDaemon withSampleFiles() {
        add("Silicon Valley S01E01.mkv", 734_003_200L, false, 3);
        add("Silicon Valley S01E02.mkv", 712_441_856L, false, 2);
        add("Silicon Valley Season 2", 5_368_709_120L, true, 1);
        add("silicone-baking-mats.pdf", 1_245_184L, false, 1);
        add("debian-12.5.0-amd64-netinst.iso", 659_554_304L, false, 4);
        add("Valley of the Kings (documentary).mp4", 1_932_735_283L, false, 1);
        return this;
    }

    public void add(String name, long size, boolean dir, int peers) {
        catalogue.add(new Hit(name, size, hashOf(name), dir, peers));
    }

    /** A stable 64-hex-digit hash made from a name. */
    public static String hashOf(String name) {
        StringBuilder hex = new StringBuilder();
        long seed = name.hashCode();
        while (hex.length() < 64) {
            seed = seed * 6364136223846793005L + 1442695040888963407L;
            hex.append(String.format(Locale.ROOT, "%016x", seed));
        }
        return hex.substring(0, 64);
    }

    public void leader(String peerId) {
        this.leader = peerId;
    }

    /** How many status requests a download takes from start to 100%. */
    public void steps(int n) {
        this.steps = n;
    }

    /** Sets the folders the daemon reports (they need not exist). */
    public synchronized void folders(String shareFolder, String downloadFolder) {
        this.share = shareFolder;
        this.downloadsFolder = downloadFolder;
    }

    /** The network the daemon reports being in (open by default). */
    public void network(ControlReply.Network network) {
        this.network = network;
    }

    /** Requests are read but never answered (a hung daemon). */
    public void mute() {
        this.mute = true;
    }

    /** Downloads stop advancing (for a screen capture that holds still). */
    public void freeze() {
        this.frozen = true;
    }

    /** Every search answer waits this long (to test that slow, stale answers are dropped). */
    public void searchDelay(long millis) {
        this.searchDelayMillis = millis;
    }

    /** The next download request is refused with this sentence. */
    public void failNextDownload(String message) {
        this.failNextDownload = message;
    }

    /** A stream request for the file {@code hash} gets {@code content}, in pieces. */
    public void content(String hash, byte[] content) {
        contents.put(hash, content);
    }

    /** Every request received so far, in order. */
    public List<ControlRequest> requests() {
        return List.copyOf(requests);
    }

    public synchronized String share() {
        return share;
    }

    public synchronized List<Download> downloads() {
        return List.copyOf(downloads.values());
    }

    /** Puts a download in the list as it is, e.g. a failed one. */
    public synchronized void put(Download d) {
        downloads.put(d.hash(), d);
    }

    private void accept() {
        while (server.isOpen()) {
            try {
                SocketChannel channel = server.accept();
                Thread t = new Thread(() -> serve(channel), "fake-daemon-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(SocketChannel channel) {
        try (channel) {
            InputStream in = new BufferedInputStream(Channels.newInputStream(channel));
            OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel));
            byte[] frame;
            while ((frame = Frames.read(in, Frames.MAX_CONTROL_FRAME)) != null) {
                ControlRequest request = Codec.decode(frame, ControlRequest.class);
                requests.add(request);
                if (mute) {
                    continue;
                }
                if (request instanceof ControlRequest.Stream stream) {
                    for (ControlReply reply : stream(stream.hash())) {
                        Frames.write(out, Codec.encode(reply));
                    }
                    continue;
                }
                Frames.write(out, Codec.encode(answer(request)));
            }
        } catch (IOException | RuntimeException e) {
            // the client went away
        }
    }

    private ControlReply answer(ControlRequest request) {
        if (request instanceof ControlRequest.Status) {
            return status();
        }
        if (request instanceof ControlRequest.Search search) {
            return search(search.query(), search.limit());
        }
        if (request instanceof ControlRequest.Download d) {
            return download(d.hash());
        }
        if (request instanceof ControlRequest.Cancel c) {
            return change(c.hash(), DownloadState.CANCELLED, "cancelled");
        }
        if (request instanceof ControlRequest.Retry r) {
            return change(r.hash(), DownloadState.QUEUED, "retrying");
        }
        if (request instanceof ControlRequest.ClearFinished) {
            synchronized (this) {
                downloads.values().removeIf(d -> d.state().finished());
            }
            return new ControlReply.Done("finished downloads cleared");
        }
        if (request instanceof ControlRequest.SetFolder set) {
            return setFolder(set);
        }
        if (request instanceof ControlRequest.Play play) {
            return play(play.hash());
        }
        return new ControlReply.Failed(1, "the fake daemon does not do " + request.getClass().getSimpleName());
    }

    /** The content of the file {@code prefix} names in pieces of 64 KiB, then done; or why not. */
    private List<ControlReply> stream(String prefix) {
        Hit hit = catalogue.stream().filter(h -> h.hash().startsWith(prefix)).findFirst().orElse(null);
        byte[] content = hit == null ? null : contents.get(hit.hash());
        if (content == null) {
            return List.of(new ControlReply.Failed(1, "nothing on the network has a hash that starts with " + prefix));
        }
        List<ControlReply> replies = new ArrayList<>();
        for (int at = 0; at < content.length; at += 1 << 16) {
            replies.add(new ControlReply.Data(java.util.Arrays.copyOfRange(content, at,
                    Math.min(content.length, at + (1 << 16)))));
        }
        replies.add(new ControlReply.Done(""));
        return replies;
    }

    /** The URL a player would open for the file {@code prefix} names (nothing listens there). */
    private ControlReply play(String prefix) {
        Hit hit = catalogue.stream().filter(h -> h.hash().startsWith(prefix)).findFirst().orElse(null);
        if (hit == null) {
            return new ControlReply.Failed(1, "nothing on the network has a hash that starts with " + prefix);
        }
        if (hit.dir()) {
            return new ControlReply.Failed(1, hit.name() + "/ is a folder; only a file can be played");
        }
        return new ControlReply.Done("http://127.0.0.1:9/" + "0".repeat(32) + "/" + hit.name().replace(" ", "%20"));
    }

    private synchronized ControlReply status() {
        for (Download d : new ArrayList<>(downloads.values())) {
            downloads.put(d.hash(), frozen ? d : advance(d));
        }
        List<ControlReply.Member> members = new ArrayList<>();
        members.add(new ControlReply.Member(OTHER, "192.168.1.20:7378", 266_400_000L, OTHER.equals(leader), false));
        members.add(new ControlReply.Member(PEER, "192.168.1.21:7378", 7_500_000L, PEER.equals(leader), true));
        return new ControlReply.Status(PEER, "0.1.0", home.toString(), share, downloadsFolder, 7_500_000L, leader,
                members, new ControlReply.IndexState(1234, 56, 13_314_398_618L, false, 0, 0),
                List.copyOf(downloads.values()), List.of(), network);
    }

    private Download advance(Download d) {
        long step = Math.max(1, d.size() / steps);
        return switch (d.state()) {
            case QUEUED -> with(d, DownloadState.DOWNLOADING, 0, step * 4, -1);
            case DOWNLOADING -> {
                long done = Math.min(d.size(), d.done() + step);
                long rate = step * 4;
                yield done >= d.size() ? with(d, DownloadState.VERIFYING, done, 0, 0)
                        : with(d, DownloadState.DOWNLOADING, done, rate, (d.size() - done) / Math.max(1, rate));
            }
            case VERIFYING -> with(d, DownloadState.DONE, d.size(), 0, 0);
            default -> d;
        };
    }

    private Download with(Download d, DownloadState state, long done, long rate, long eta) {
        return new Download(d.hash(), d.name(), d.dir(), state, done, d.size(), rate, eta,
                state == DownloadState.DOWNLOADING ? 3 : 0, "", state == DownloadState.DONE
                ? Path.of(downloadsFolder, d.name()).toString() : "");
    }

    private ControlReply search(String query, int limit) {
        if (searchDelayMillis > 0) {
            try {
                Thread.sleep(searchDelayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (leader == null) {
            return new ControlReply.Failed(1, "no leader is known yet, so the network cannot be searched");
        }
        String q = query.toLowerCase(Locale.ROOT).replace(" ", "");
        List<Hit> hits = catalogue.stream()
                .filter(h -> span(q, h.name().toLowerCase(Locale.ROOT)) >= 0)
                .sorted(Comparator.comparingInt(h -> span(q, h.name().toLowerCase(Locale.ROOT))))
                .limit(limit)
                .toList();
        return new ControlReply.SearchResults(hits);
    }

    /** How many characters of {@code hay} the shortest match of {@code needle} as a subsequence spans; -1: none. */
    private static int span(String needle, String hay) {
        int best = -1;
        for (int start = 0; start < hay.length(); start++) {
            if (hay.charAt(start) != needle.charAt(0)) {
                continue;
            }
            int at = 0;
            int i = start;
            for (; i < hay.length() && at < needle.length(); i++) {
                if (hay.charAt(i) == needle.charAt(at)) {
                    at++;
                }
            }
            if (at == needle.length() && (best < 0 || i - start < best)) {
                best = i - start;
            }
        }
        return best;
    }

    private synchronized ControlReply download(String hash) {
        String refuse = failNextDownload;
        if (refuse != null) {
            failNextDownload = null;
            return new ControlReply.Failed(1, refuse);
        }
        Hit hit = catalogue.stream().filter(h -> h.hash().startsWith(hash)).findFirst().orElse(null);
        if (hit == null) {
            return new ControlReply.Failed(1, "nothing on the network has the hash " + hash);
        }
        downloads.putIfAbsent(hit.hash(), new Download(hit.hash(), hit.name(), hit.dir(), DownloadState.QUEUED, 0, hit.size(),
                0, -1, 0, "", ""));
        return new ControlReply.Done("downloading " + hit.name());
    }

    private synchronized ControlReply change(String hash, DownloadState state, String verb) {
        Download d = downloads.get(hash);
        if (d == null) {
            return new ControlReply.Failed(1, "no download has the hash " + hash);
        }
        downloads.put(hash, new Download(d.hash(), d.name(), d.dir(), state, d.done(), d.size(), 0, -1, 0, "", ""));
        return new ControlReply.Done(verb + " " + d.name());
    }

    private synchronized ControlReply setFolder(ControlRequest.SetFolder set) {
        Path path = Path.of(set.path());
        boolean isShare = set.kind() == ControlRequest.FolderKind.SHARE;
        Path other = Path.of(isShare ? downloadsFolder : share);
        if (!Files.isDirectory(path) && (isShare || !path.isAbsolute())) {
            return new ControlReply.Failed(1, path + " is not an existing folder");
        }
        if (path.startsWith(other) || other.startsWith(path)) {
            return new ControlReply.Failed(1, "the shared and download folders must not contain one another");
        }
        if (isShare) {
            share = path.toString();
            return new ControlReply.Done("sharing " + share);
        }
        downloadsFolder = path.toString();
        return new ControlReply.Done("downloading to " + downloadsFolder);
    }

    @Override
    public void close() throws IOException {
        server.close();
        Files.deleteIfExists(home.controlSocket());
    }
}
