package io.iwant.daemon.transfer.fetch;

import io.iwant.protocol.peer.PeerMessage;
import io.iwant.protocol.peer.Transfer;
import io.iwant.protocol.wire.Codec;
import io.iwant.daemon.peer.Channel;
import io.iwant.daemon.peer.PeerCall;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Fetches metadata (a file's chunk ids, a folder's manifest) from seeders, one request at a time, over a DEALER per
 * seeder that stays connected for the life of this object, so a folder of many files costs one connection.
 * Every answer is checked to be about the hash asked for (the records check their own consistency). Confined to
 * the thread that created it: use it inside one preparation task and close it there.
 */
final class MetaClient implements AutoCloseable {
    private final ZContext context;
    private final Duration timeout;
    private final Map<String, Channel> sockets = new HashMap<>();
    private String preferred;

    MetaClient(ZContext context, Duration timeout) {
        this.context = context;
        this.timeout = timeout;
    }

    /**
     * The metadata of {@code hash}, from the first seeder that gives a valid answer (the one that answered last
     * time first).
     *
     * @throws IOException saying what each seeder did, when none could
     */
    PeerMessage fetch(String hash, List<SeederDirectory.Seeder> seeders) throws IOException {
        List<SeederDirectory.Seeder> order = new ArrayList<>(seeders);
        order.sort((a, b) -> Boolean.compare(!a.endpoint().equals(preferred), !b.endpoint().equals(preferred)));
        List<String> failures = new ArrayList<>();
        for (SeederDirectory.Seeder seeder : order) {
            Outcome outcome = ask(hash, seeder.endpoint());
            if (outcome.meta() != null) {
                preferred = seeder.endpoint();
                return outcome.meta();
            }
            failures.add("peer " + seeder.peerId() + " " + outcome.problem());
        }
        if (failures.isEmpty()) {
            throw new IOException("no peer holds " + hash);
        }
        throw new IOException("no peer could describe " + hash + " (" + String.join("; ", failures) + ")");
    }

    /** Either the metadata or what went wrong. */
    private record Outcome(PeerMessage meta, String problem) {
        static Outcome failed(String problem) {
            return new Outcome(null, problem);
        }
    }

    private Outcome ask(String hash, String endpoint) {
        Channel channel = sockets.computeIfAbsent(endpoint, this::connect);
        ZMQ.Socket socket = channel.socket();
        byte[] question = Codec.encode(new Transfer.MetaRequest(hash));
        channel.send(question, 0);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                context.destroySocket(sockets.remove(endpoint).socket()); // drops the late answer with it
                return Outcome.failed("did not answer within " + timeout.toMillis() + " ms");
            }
            socket.setReceiveTimeOut((int) Math.min(left, PeerCall.RESEND_MILLIS));
            SeederReply answer = SeederReply.read(channel, 0);
            if (answer == null) {
                channel.send(question, ZMQ.DONTWAIT); // JeroMQ may have lost it: see PeerCall.RESEND_MILLIS
                continue;
            }
            if (!answer.readable()) {
                context.destroySocket(sockets.remove(endpoint).socket());
                return Outcome.failed("sent an unreadable answer (" + answer.unreadable() + ")");
            }
            PeerMessage reply = answer.message();
            if (reply instanceof Transfer.FileMeta m && m.hash().equals(hash) && answer.single()) {
                return new Outcome(m, null);
            }
            if (reply instanceof Transfer.FolderMeta m && m.hash().equals(hash) && answer.single()) {
                return new Outcome(m, null);
            }
            if (reply instanceof Transfer.Refusal r && r.hash().equals(hash)) {
                return Outcome.failed("refused: " + r.detail());
            }
            if (reply instanceof PeerMessage.Refused r) {
                return Outcome.failed("refused: " + r.reason());
            }
            // an answer to an earlier question: keep waiting for ours
        }
    }

    private Channel connect(String endpoint) {
        Channel channel = Channel.dealer(context, "the peer at " + endpoint);
        ZMQ.Socket socket = channel.socket();
        socket.setLinger(0);
        socket.setHandshakeIvl(PeerLink.HANDSHAKE_MILLIS);
        socket.connect("tcp://" + endpoint);
        return channel;
    }

    @Override
    public void close() {
        sockets.values().forEach(channel -> context.destroySocket(channel.socket()));
        sockets.clear();
    }
}
