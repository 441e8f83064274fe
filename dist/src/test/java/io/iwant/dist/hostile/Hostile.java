package io.iwant.dist.hostile;

import io.iwant.protocol.discovery.Beacon;
import io.iwant.protocol.discovery.Bye;
import io.iwant.protocol.discovery.Datagrams;
import io.iwant.protocol.discovery.DiscoveryMessage;
import io.iwant.protocol.discovery.PeerStamp;
import io.iwant.protocol.discovery.Victory;
import io.iwant.protocol.index.IndexEntry;
import io.iwant.protocol.peer.PeerMessage;
import io.iwant.protocol.peer.Sync;
import io.iwant.protocol.wire.Codec;
import io.iwant.protocol.wire.HostileMessages;
import io.iwant.protocol.wire.Limits;
import io.iwant.protocol.wire.ProtocolException;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.InetSocketAddress;
import java.net.MulticastSocket;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * A hostile peer on the LAN, with nothing but the protocol classes: each method plays one attack against a real
 * daemon and returns (it never runs longer than it was told). Used by the hostile-peer integration tests and by
 * {@code scripts/hostile}. Every attack is bounded in count and time and sends only to the address it is given.
 */
public final class Hostile implements AutoCloseable {
    /** When a request without an answer is sent again, as the daemons' PeerCall does (with protocol classes only). */
    private static final int RESEND_MILLIS = 1_000;
    /** The handshake deadline of the daemons' DEALERs (PeerCall's), kept here for the same reason. */
    private static final int HANDSHAKE_MILLIS = 1_500;

    private final ZContext context = new ZContext();

    /** A request whose content hash is {@code megabytes} MB of 0xFF bytes: far past any limit, well framed. */
    public void giantHash(String endpoint, int megabytes) {
        try (ZMQ.Socket dealer = dealer(endpoint)) {
            dealer.send(HostileMessages.giantHashRequest(megabytes * 1_000_000), 0);
            dealer.recv(0); // whatever comes back, if anything, within the receive timeout
        }
    }

    /**
     * Opens {@code count} TCP connections to the peer socket that finish the ZeroMQ handshake as a DEALER, announce
     * a message of {@code frameBytes} bytes and then send nothing more. Close the returned sockets to end it.
     */
    public List<Socket> stalledFrames(InetSocketAddress peer, int count, long frameBytes) throws IOException {
        List<Socket> sockets = new ArrayList<>(count);
        try {
            for (int i = 0; i < count; i++) {
                Socket socket = new Socket();
                sockets.add(socket);
                socket.connect(peer, 2_000);
                OutputStream out = socket.getOutputStream();
                out.write(zmtpGreeting());
                out.write(zmtpReady("DEALER"));
                ByteArrayOutputStream header = new ByteArrayOutputStream();
                header.write(0x02); // a long message frame, the last
                for (int shift = 56; shift >= 0; shift -= 8) {
                    header.write((int) (frameBytes >>> shift) & 0xff);
                }
                out.write(header.toByteArray());
                out.flush();
            }
        } catch (IOException e) {
            closeAll(sockets);
            throw e;
        }
        return sockets;
    }

    /**
     * Sends {@code count} well-framed requests of every type, each with one field set to a worst value, in batches,
     * reading whatever comes back. Returns how many replies came.
     */
    public int malformedRequests(String endpoint, int count, long seed) {
        HostileMessages generator = new HostileMessages(seed);
        List<PeerMessage> samples = HostileMessages.peerRequests();
        int replies = 0;
        try (ZMQ.Socket dealer = dealer(endpoint)) {
            dealer.setReceiveTimeOut(50);
            for (int sent = 0; sent < count; ) {
                int batch = Math.min(32, count - sent);
                for (int i = 0; i < batch; i++) {
                    dealer.send(generator.encodeHostile(samples.get((sent + i) % samples.size())), 0);
                }
                sent += batch;
                while (dealer.recv(0) != null) {
                    replies++;
                    while (dealer.hasReceiveMore()) {
                        dealer.recv(0);
                    }
                }
            }
        }
        return replies;
    }

    /** Round trip of a ping on a fresh connection, in ms; -1 when no pong came within {@code timeoutMillis}. */
    public long ping(String endpoint, int timeoutMillis) {
        long token = System.nanoTime();
        return ask(endpoint, new PeerMessage.Ping(token), timeoutMillis,
                reply -> reply instanceof PeerMessage.Pong pong && pong.token() == token);
    }

    /**
     * Round trip of a search on a fresh connection, in ms; -1 when no answer came within {@code timeoutMillis}.
     * Any answer counts (results, or "not the leader"): the peer is serving.
     */
    public long search(String endpoint, String query, int timeoutMillis) {
        return ask(endpoint, new Sync.Search(query, 10), timeoutMillis,
                reply -> reply instanceof Sync.Results || reply instanceof Sync.NotLeader);
    }

    private long ask(String endpoint, PeerMessage request, int timeoutMillis, Predicate<PeerMessage> answers) {
        try (ZMQ.Socket dealer = dealer(endpoint)) {
            byte[] encoded = Codec.encode(request);
            long start = System.nanoTime();
            dealer.send(encoded, 0);
            // asked again after RESEND_MILLIS, as the daemons' own clients do (PeerCall): JeroMQ now and then loses
            // the first message on a new connection, which is the client's loss, not a sign of a silenced peer
            dealer.setReceiveTimeOut(Math.min(timeoutMillis, RESEND_MILLIS));
            byte[] reply = dealer.recv(0);
            if (reply == null && timeoutMillis > RESEND_MILLIS) {
                dealer.send(encoded, 0);
                dealer.setReceiveTimeOut(timeoutMillis - RESEND_MILLIS);
                reply = dealer.recv(0);
            }
            long took = (System.nanoTime() - start) / 1_000_000;
            try {
                return reply != null && answers.test(Codec.decode(reply, PeerMessage.class)) ? took : -1;
            } catch (ProtocolException e) {
                return -1;
            }
        }
    }

    /**
     * For {@code millis}: beacons and victories, twice a second, from a made-up peer that claims the longest uptime
     * and ever higher terms, with a TCP port nobody listens on.
     */
    public void boast(InetSocketAddress group, NetworkInterface via, String fakeId, long millis)
            throws IOException, InterruptedException {
        try (MulticastSocket socket = multicast(via, 0)) {
            long term = Limits.MAX_TERM - 100;
            long end = System.nanoTime() + millis * 1_000_000;
            long start = System.nanoTime();
            while (System.nanoTime() < end) {
                long uptime = Math.min(Limits.MAX_UPTIME_MILLIS, Limits.MAX_UPTIME_MILLIS - 60_000
                        + (System.nanoTime() - start) / 1_000_000);
                PeerStamp stamp = new PeerStamp(fakeId, 1, uptime);
                send(socket, group, new Beacon(stamp, 1, fakeId, term));
                send(socket, group, new Victory(stamp, term, 42));
                term = Math.min(Limits.MAX_TERM, term + 1);
                Thread.sleep(500);
            }
        }
    }

    /**
     * Waits up to {@code millis} for a beacon of {@code victimId} on the group, then sends a good-bye in its name
     * (its id and incarnation, read from that beacon). True when the good-bye was sent.
     */
    public boolean spoofBye(InetSocketAddress group, NetworkInterface via, String victimId, long millis)
            throws IOException {
        try (MulticastSocket socket = multicast(via, group.getPort())) {
            socket.joinGroup(group, via);
            socket.setSoTimeout(200);
            byte[] buffer = new byte[Datagrams.MAX_DATAGRAM + 1];
            long end = System.nanoTime() + millis * 1_000_000;
            while (System.nanoTime() < end) {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                try {
                    socket.receive(packet);
                } catch (SocketTimeoutException e) {
                    continue;
                }
                DiscoveryMessage message;
                try {
                    message = Datagrams.decode(packet.getData(), packet.getLength());
                } catch (ProtocolException e) {
                    continue;
                }
                if (message.from().peerId().equals(victimId)) {
                    send(socket, group, new Bye(message.from()));
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * Listens on the group for {@code millis} and keeps every discovery datagram heard there (open or private, any
     * peer's; at most {@code limit}), in the order heard. Unicast datagrams between peers (pings, pongs) are not
     * heard, as on a switched LAN.
     */
    public List<byte[]> capture(InetSocketAddress group, NetworkInterface via, long millis, int limit)
            throws IOException {
        List<byte[]> captured = new ArrayList<>();
        try (MulticastSocket socket = multicast(via, group.getPort())) {
            socket.joinGroup(group, via);
            socket.setSoTimeout(100);
            byte[] buffer = new byte[Datagrams.MAX_DATAGRAM + 1];
            long end = System.nanoTime() + millis * 1_000_000;
            while (System.nanoTime() < end && captured.size() < limit) {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                try {
                    socket.receive(packet);
                } catch (SocketTimeoutException e) {
                    continue;
                }
                if (Datagrams.version(packet.getData(), packet.getLength()) >= 0) {
                    captured.add(Arrays.copyOf(packet.getData(), packet.getLength()));
                }
            }
        }
        return captured;
    }

    /**
     * Sends every datagram of {@code captured} to the group from a socket of its own, unchanged, {@code rounds}
     * times, {@code pauseMillis} apart: a replay of what the peers said before. Returns how many were sent.
     */
    public int replay(InetSocketAddress group, NetworkInterface via, List<byte[]> captured, int rounds,
                      long pauseMillis) throws IOException, InterruptedException {
        int sent = 0;
        try (MulticastSocket socket = multicast(via, 0)) {
            for (int round = 0; round < rounds; round++) {
                if (round > 0) {
                    Thread.sleep(pauseMillis);
                }
                for (byte[] datagram : captured) {
                    socket.send(new DatagramPacket(datagram, datagram.length, group));
                    sent++;
                }
            }
        }
        return sent;
    }

    /**
     * Sends the leader a snapshot in the name of {@code claimedId}, pointing at {@code endpoint}: an attempt to
     * replace another peer's files and address. Returns the leader's answer, or null.
     */
    public PeerMessage fakeSnapshot(String leaderEndpoint, String claimedId, String endpoint, List<IndexEntry> entries) {
        try (ZMQ.Socket dealer = dealer(leaderEndpoint)) {
            dealer.send(Codec.encode(new Sync.SnapshotPart(claimedId, endpoint, 1, 1, 0, true, entries)), 0);
            byte[] reply = dealer.recv(0);
            return reply == null ? null : Codec.decode(reply, PeerMessage.class);
        } catch (ProtocolException e) {
            return null;
        }
    }

    @Override
    public void close() {
        context.close();
    }

    public static void closeAll(List<Socket> sockets) {
        for (Socket socket : sockets) {
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    private ZMQ.Socket dealer(String endpoint) {
        ZMQ.Socket dealer = context.createSocket(SocketType.DEALER);
        dealer.setLinger(0);
        // as the daemons' own DEALERs: JeroMQ 0.6.0 now and then leaves a new connection's greeting unread, and only
        // a handshake deadline makes the connection again (measured here: 8 connections in 2,000 never answered)
        dealer.setHandshakeIvl(HANDSHAKE_MILLIS);
        dealer.setReceiveTimeOut(2_000);
        dealer.setSendTimeOut(2_000);
        dealer.connect("tcp://" + endpoint);
        return dealer;
    }

    /** A multicast socket on {@code via}, bound to {@code port} (the group's, to hear it; 0 to only send). */
    private static MulticastSocket multicast(NetworkInterface via, int port) throws IOException {
        MulticastSocket socket = new MulticastSocket(null);
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(port));
        socket.setNetworkInterface(via);
        socket.setTimeToLive(1);
        return socket;
    }

    private static void send(MulticastSocket socket, InetSocketAddress to, DiscoveryMessage message) throws IOException {
        byte[] datagram = Datagrams.encode(message);
        socket.send(new DatagramPacket(datagram, datagram.length, to));
    }

    /** ZMTP 3.0: signature, version 3.0, the NULL mechanism, as a client, filler: 64 bytes. */
    private static byte[] zmtpGreeting() {
        byte[] greeting = new byte[64];
        greeting[0] = (byte) 0xff;
        greeting[9] = 0x7f;
        greeting[10] = 3;
        byte[] mechanism = "NULL".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(mechanism, 0, greeting, 12, mechanism.length);
        return greeting;
    }

    /** The READY command of the NULL mechanism with one property, Socket-Type. */
    private static byte[] zmtpReady(String socketType) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(5);
        body.writeBytes("READY".getBytes(StandardCharsets.US_ASCII));
        body.write(11);
        body.writeBytes("Socket-Type".getBytes(StandardCharsets.US_ASCII));
        byte[] value = socketType.getBytes(StandardCharsets.US_ASCII);
        body.writeBytes(new byte[]{0, 0, 0, (byte) value.length});
        body.writeBytes(value);
        ByteArrayOutputStream command = new ByteArrayOutputStream();
        command.write(0x04); // a short command frame
        command.write(body.size());
        command.writeBytes(body.toByteArray());
        return command.toByteArray();
    }
}
