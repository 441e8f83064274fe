package io.iwant.daemon.transfer.fetch;

import io.iwant.daemon.play.PlayServer;
import io.iwant.daemon.transfer.Files2;
import io.iwant.daemon.transfer.seed.Seeder;
import io.iwant.protocol.peer.Transfer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Playing files over HTTP on 127.0.0.1 while they download from seeders on the loopback. */
class PlayTest extends LoopbackPeers {
    private static final int MIB = 1 << 20;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private HttpResponse<byte[]> get(String url, String range) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20));
        if (range != null) {
            request.header("Range", range);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** The status line the server answers a GET of {@code target} with, sent as is. */
    private static String rawStatus(int port, String target) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            return new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    java.nio.charset.StandardCharsets.ISO_8859_1)).readLine();
        }
    }

    @Test
    void a_range_for_the_last_mib_of_a_file_not_started_is_answered_quickly_with_those_bytes() throws Exception {
        Path original = Files2.random(tmp.resolve("src/film.mkv"), 64L * MIB + 100, 21);
        Seeder a = inOrderSeeder("a");
        String hash = serve(original, a);
        Leecher leecher = leecher();
        leecher.publish(hash, "film.mkv", Files.size(original), false, a);
        try (PlayServer play = new PlayServer(leecher.manager)) {
            String url = play.url(hash, "film.mkv");

            long t0 = System.nanoTime();
            long first = Files.size(original) - MIB;
            HttpResponse<byte[]> last = get(url, "bytes=" + first + "-");
            Duration took = Duration.ofNanos(System.nanoTime() - t0);

            assertEquals(206, last.statusCode());
            assertEquals("bytes " + first + "-" + (Files.size(original) - 1) + "/" + Files.size(original),
                    last.headers().firstValue("Content-Range").orElseThrow());
            assertEquals("video/x-matroska", last.headers().firstValue("Content-Type").orElseThrow());
            byte[] all = Files.readAllBytes(original);
            assertArrayEquals(Arrays.copyOfRange(all, (int) first, all.length), last.body());
            assertTrue(took.compareTo(Duration.ofSeconds(2)) < 0, "took " + took);
            // the two chunks the range needs were the first asked for (the seeder serves in the order asked)
            assertEquals(List.of(Transfer.chunkKey(hash, 63), Transfer.chunkKey(hash, 64)),
                    a.servedChunks.subList(0, Math.min(2, a.servedChunks.size())));
        }
    }

    @Test
    void the_whole_file_and_any_range_of_it_arrive_identical_from_several_seeders() throws Exception {
        Path original = Files2.random(tmp.resolve("src/song.flac"), 20L * MIB + 3, 22);
        Seeder a = seeder("a");
        Seeder b = seeder("b");
        String hash = serve(original, a, b);
        Leecher leecher = leecher();
        leecher.publish(hash, "song.flac", Files.size(original), false, a, b);
        try (PlayServer play = new PlayServer(leecher.manager)) {
            String url = play.url(hash, "song.flac");
            assertEquals(url, play.url(hash, "song.flac"), "the same file keeps its URL");
            assertTrue(url.matches("http://127\\.0\\.0\\.1:\\d+/[0-9a-f]{32}/song\\.flac"), url);
            byte[] all = Files.readAllBytes(original);

            HttpResponse<byte[]> middle = get(url, "bytes=10000000-10000999");
            assertEquals(206, middle.statusCode());
            assertArrayEquals(Arrays.copyOfRange(all, 10_000_000, 10_001_000), middle.body());
            HttpResponse<byte[]> whole = get(url, null);
            assertEquals(200, whole.statusCode());
            assertEquals("bytes", whole.headers().firstValue("Accept-Ranges").orElseThrow());
            assertArrayEquals(all, whole.body());
            assertEquals(416, get(url, "bytes=" + all.length + "-").statusCode());
            HttpResponse<Void> head = http.send(HttpRequest.newBuilder(URI.create(url))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
            assertEquals(200, head.statusCode());
            assertEquals(String.valueOf(all.length), head.headers().firstValue("Content-Length").orElseThrow());
        }
    }

    @Test
    void only_a_known_token_on_127_0_0_1_gets_anything() throws Exception {
        Path original = Files2.random(tmp.resolve("src/secret.mp4"), 2L * MIB, 23);
        Seeder a = seeder("a");
        String hash = serve(original, a);
        Leecher leecher = leecher();
        leecher.publish(hash, "secret.mp4", Files.size(original), false, a);
        try (PlayServer play = new PlayServer(leecher.manager)) {
            String url = play.url(hash, "secret.mp4");
            URI uri = URI.create(url);
            String token = uri.getPath().split("/")[1];

            assertEquals(404, get(url.replace(token, "0".repeat(32)), null).statusCode());
            assertEquals(404, get("http://127.0.0.1:" + uri.getPort() + "/", null).statusCode());
            assertEquals(404, get("http://127.0.0.1:" + uri.getPort() + "/" + hash, null).statusCode());
            HttpResponse<String> post = http.send(HttpRequest.newBuilder(uri)
                    .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(405, post.statusCode());
            for (String target : new String[] {"*", "http://127.0.0.1", "/../" + token, "/%00", "/" + token.toUpperCase()}) {
                assertTrue(rawStatus(uri.getPort(), target).matches("HTTP/1\\.1 (400|404) .*"), target);
            }
            assertEquals(0, a.served.get(), "nothing was fetched for them");
            // bound to 127.0.0.1 itself, not to every address: another loopback address finds nothing there
            assertThrows(ConnectException.class, () -> {
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress("127.0.0.2", uri.getPort()), 2000);
                }
            });
        }
    }
}
