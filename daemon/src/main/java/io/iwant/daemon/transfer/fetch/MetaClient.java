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
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Fetches metadata (a file's chunk ids, a folder's manifest) from seeders, one request at a time or many in a row
 * ({@link #fetchAll}), over a DEALER per
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

    /**
     * The metadata of each of {@code hashes}: asked of one seeder (the one that answered last time first) up to
     * {@link #PIPELINE} at a time, so a folder's many sub-folders cost few round trips; what it does not answer
     * with valid metadata is asked for one at a time as {@link #fetch} does.
     *
     * @throws IOException saying what each seeder did, for the first hash none could describe
     */
    Map<String, PeerMessage> fetchAll(Collection<String> hashes, List<SeederDirectory.Seeder> seeders)
            throws IOException {
        Map<String, PeerMessage> got = new HashMap<>();
        if (!seeders.isEmpty() && hashes.size() > 1) {
            String endpoint = seeders.stream().map(SeederDirectory.Seeder::endpoint).filter(e -> e.equals(preferred))
                    .findFirst().orElse(seeders.get(0).endpoint());
            pipeline(hashes, endpoint, got);
        }
        for (String hash : hashes) {
            if (!got.containsKey(hash)) {
                got.put(hash, fetch(hash, seeders));
            }
        }
        return got;
    }

    /** Metadata requests kept in flight at once by {@link #fetchAll} (below the seeder's queue per client). */
    static final int PIPELINE = 48;

    /** Asks {@code endpoint} for all of {@code hashes}, {@link #PIPELINE} at a time; puts the valid answers. */
    private void pipeline(Collection<String> hashes, String endpoint, Map<String, PeerMessage> got) {
        Channel channel = sockets.computeIfAbsent(endpoint, this::connect);
        ZMQ.Socket socket = channel.socket();
        Iterator<String> todo = hashes.iterator();
        Set<String> waiting = new HashSet<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (todo.hasNext() || !waiting.isEmpty()) {
            while (waiting.size() < PIPELINE && todo.hasNext()) {
                String hash = todo.next();
                if (waiting.add(hash)) {
                    channel.send(Codec.encode(new Transfer.MetaRequest(hash)), 0);
                }
            }
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return; // the rest is asked one by one, which sends again what JeroMQ may have lost
            }
            socket.setReceiveTimeOut((int) Math.min(left, PeerCall.RESEND_MILLIS));
            SeederReply answer = SeederReply.read(channel, 0);
            if (answer == null) {
                return;
            }
            if (!answer.readable() || !answer.single()) {
                context.destroySocket(sockets.remove(endpoint).socket());
                return;
            }
            PeerMessage reply = answer.message();
            String about = reply instanceof Transfer.FileMeta m ? m.hash()
                    : reply instanceof Transfer.FolderMeta m ? m.hash()
                    : reply instanceof Transfer.Refusal r ? r.hash() : null;
            if (reply instanceof PeerMessage.Refused) {
                return;
            }
            if (about != null && waiting.remove(about)) {
                if (!(reply instanceof Transfer.Refusal)) {
                    got.put(about, reply);
                    preferred = endpoint;
                }
                deadline = System.nanoTime() + timeout.toNanos();
            }
        }
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
