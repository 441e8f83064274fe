package io.iwant.daemon.play;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.iwant.daemon.transfer.fetch.DownloadManager;
import io.iwant.daemon.transfer.fetch.FileStream;
import io.iwant.protocol.hash.Hex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Serves files while they download to a player on this machine: HTTP on 127.0.0.1 only, on a port the system
 * picks, started the first time a file is played. Each played file gets a random token; its URL is
 * {@code http://127.0.0.1:PORT/TOKEN/NAME}, and a request without a known token learns nothing (404). GET and HEAD
 * with one {@code Range} answer 206 with that part (a range beyond what has arrived moves the download's window
 * there and waits for it); only verified bytes are sent. Thread-safe.
 */
public final class PlayServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PlayServer.class);

    /** Responses sent at once; more wait for a free thread. */
    private static final int THREADS = 8;
    /** Played files remembered (the oldest token is forgotten first). */
    private static final int MAX_TOKENS = 64;
    /** How long a response waits for the download to learn the file's size (its metadata). */
    private static final Duration SIZE_PATIENCE = Duration.ofSeconds(30);
    /** How long one read waits before it looks again (the response itself waits as long as the download runs). */
    private static final Duration READ_PATIENCE = Duration.ofSeconds(1);
    private static final int PIECE = 256 << 10;

    private final DownloadManager transfers;
    private final SecureRandom random = new SecureRandom();
    /** Token to hash, oldest first; guarded by this. */
    private final Map<String, String> tokens = new LinkedHashMap<>();
    private HttpServer server;
    private ExecutorService threads;
    private boolean closed;

    public PlayServer(DownloadManager transfers) {
        this.transfers = transfers;
    }

    /**
     * The URL that plays the file {@code hash} (named {@code name}), starting the server if it is not running; the
     * same file gets the same URL while the daemon runs.
     */
    public synchronized String url(String hash, String name) throws IOException {
        if (!Hex.isHash(hash)) {
            throw new IllegalArgumentException("not a full content hash: " + hash);
        }
        if (closed) {
            throw new IOException("the daemon is stopping");
        }
        if (server == null) {
            start();
        }
        String token = tokens.entrySet().stream().filter(e -> e.getValue().equals(hash)).map(Map.Entry::getKey)
                .findFirst().orElse(null);
        if (token == null) {
            byte[] bytes = new byte[16];
            random.nextBytes(bytes);
            token = Hex.encode(bytes);
            tokens.put(token, hash);
            if (tokens.size() > MAX_TOKENS) {
                tokens.remove(tokens.keySet().iterator().next());
            }
        }
        String file = URLEncoder.encode(name.isEmpty() ? hash.substring(0, 12) : name, StandardCharsets.UTF_8)
                .replace("+", "%20");
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + token + "/" + file;
    }

    private void start() throws IOException {
        InetAddress loopback = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        HttpServer http = HttpServer.create(new InetSocketAddress(loopback, 0), 16);
        AtomicInteger n = new AtomicInteger();
        threads = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "play-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        ((ThreadPoolExecutor) threads).allowCoreThreadTimeOut(true);
        http.setExecutor(threads);
        http.createContext("/", this::handle);
        http.start();
        server = http;
        log.info("playing files on http://127.0.0.1:{}/ (this machine only)", http.getAddress().getPort());
    }

    private synchronized String hashOf(String token) {
        return tokens.get(token);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getRawPath();
            String hash = path == null || !path.startsWith("/") ? null
                    : hashOf(path.substring(1, path.indexOf('/', 1) < 0 ? path.length() : path.indexOf('/', 1)));
            if (hash == null) {
                empty(exchange, 404);
                return;
            }
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                empty(exchange, 405);
                return;
            }
            // the range's chunks first, even before the size is known: the reader is placed before the download begins
            long first = Ranges.of(exchange.getRequestHeaders().getFirst("Range"), Long.MAX_VALUE).first();
            try (FileStream stream = transfers.stream(hash, first)) {
                serve(exchange, stream, method.equals("HEAD"));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void serve(HttpExchange exchange, FileStream stream, boolean head)
            throws IOException, InterruptedException {
        String range = exchange.getRequestHeaders().getFirst("Range");
        long size;
        try {
            size = stream.size(SIZE_PATIENCE);
        } catch (IOException failed) {
            text(exchange, 502, failed.getMessage());
            return;
        }
        if (size < 0) {
            text(exchange, 504, "the download has not started yet; try again");
            return;
        }
        Ranges.Part part = Ranges.of(range, size);
        var headers = exchange.getResponseHeaders();
        headers.set("Accept-Ranges", "bytes");
        headers.set("Content-Type", MediaTypes.of(exchange.getRequestURI().getPath()));
        if (part.status() == 416) {
            headers.set("Content-Range", "bytes */" + size);
            empty(exchange, 416);
            return;
        }
        if (part.status() == 206) {
            headers.set("Content-Range", "bytes " + part.first() + "-" + part.last() + "/" + size);
        }
        if (head) {
            headers.set("Content-Length", Long.toString(part.length()));
            exchange.sendResponseHeaders(part.status(), -1);
            return;
        }
        exchange.sendResponseHeaders(part.status(), part.length() == 0 ? -1 : part.length());
        OutputStream body = exchange.getResponseBody();
        ByteBuffer piece = ByteBuffer.allocate(PIECE);
        long offset = part.first();
        long end = part.first() + part.length();
        try {
            while (offset < end) {
                piece.clear().limit((int) Math.min(PIECE, end - offset));
                int n = stream.read(offset, piece, READ_PATIENCE);
                if (n < 0) {
                    throw new IOException("the file ended early");
                }
                body.write(piece.array(), 0, n);
                offset += n;
            }
        } catch (IOException e) {
            // the player closed the connection (a seek, or it stopped), or the download failed: the response ends
            log.debug("playing {} from {} stopped at {}: {}", stream.hash(), part.first(), offset, e.getMessage());
        }
    }

    private static void empty(HttpExchange exchange, int status) throws IOException {
        exchange.sendResponseHeaders(status, -1);
    }

    private static void text(HttpExchange exchange, int status, String message) throws IOException {
        byte[] body = (message + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (server != null) {
            server.stop(0);
            threads.shutdownNow();
        }
    }

    /** The media type a player or browser expects for a file name; binary for anything not listed. */
    static final class MediaTypes {
        private static final Map<String, String> TYPES = Map.ofEntries(
                Map.entry("mkv", "video/x-matroska"), Map.entry("mp4", "video/mp4"), Map.entry("m4v", "video/mp4"),
                Map.entry("webm", "video/webm"), Map.entry("avi", "video/x-msvideo"),
                Map.entry("mov", "video/quicktime"), Map.entry("ts", "video/mp2t"), Map.entry("mp3", "audio/mpeg"),
                Map.entry("m4a", "audio/mp4"), Map.entry("flac", "audio/flac"), Map.entry("ogg", "audio/ogg"),
                Map.entry("opus", "audio/ogg"), Map.entry("wav", "audio/wav"));

        private MediaTypes() {
        }

        static String of(String name) {
            int dot = name.lastIndexOf('.');
            String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
            return TYPES.getOrDefault(ext, "application/octet-stream");
        }
    }
}
