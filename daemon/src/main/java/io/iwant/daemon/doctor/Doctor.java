package io.iwant.daemon.doctor;

import io.iwant.daemon.discovery.Discovery;
import io.iwant.daemon.discovery.DiscoverySettings;
import io.iwant.daemon.discovery.Peer;
import io.iwant.daemon.peer.FanOut;
import io.iwant.daemon.peer.PeerCall;
import io.iwant.protocol.control.ControlReply;
import io.iwant.protocol.home.InterfaceCheck;
import io.iwant.protocol.peer.PeerMessage;
import org.zeromq.ZContext;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs {@code iwanto doctor} on this daemon: reads discovery's snapshots, asks a few members to connect back to this
 * peer's port (in parallel, each bounded in time), and hands the facts to {@link Checks}. Runs on the calling
 * (control) thread, which creates, uses and closes the sockets of its questions.
 */
public final class Doctor {
    /** Members asked to connect back, at most. */
    static final int MAX_ASKED = 4;
    /**
     * How long the members asked have to answer: their own connect-back (bounded by its timeout), after a first
     * connection of ours that JeroMQ may leave unshaken until the handshake deadline makes it try again, with room
     * for a busy peer. Taken only when a member does not answer.
     */
    static final Duration ANSWER_WITHIN = ConnectBackServer.TIMEOUT.plusMillis(PeerCall.HANDSHAKE_MILLIS + 2_000);

    private final Discovery discovery;
    private final ZContext context;
    private final String configuredInterface;
    private final int configuredPort;
    private final String fingerprint;

    /**
     * @param configuredInterface the interface asked for at start (null: the default route's)
     * @param configuredPort      the peer port asked for at start (0: any free one)
     * @param fingerprint         the network key's fingerprint, null for an open network
     */
    public Doctor(Discovery discovery, ZContext context, String configuredInterface, int configuredPort,
                  String fingerprint) {
        this.discovery = discovery;
        this.context = context;
        this.configuredInterface = configuredInterface;
        this.configuredPort = configuredPort;
        this.fingerprint = fingerprint;
    }

    /** Every check, now. Takes up to {@link #ANSWER_WITHIN} while members are asked. */
    public ControlReply.Doctor examine() {
        DiscoverySettings settings = discovery.settings();
        List<Peer> members = discovery.members();
        long uptime = members.isEmpty() ? 0 : members.get(0).ageMillis(); // this peer comes first
        List<Peer> others = members.stream().filter(p -> !p.self()).toList();
        List<Facts.Asked> asked = ask(others);
        Facts facts = new Facts(InterfaceCheck.of(configuredInterface, settings.networkInterface()),
                settings.networkInterface().getName(), uptime, settings.group(), settings.tcpPort(), configuredPort,
                fingerprint, others, discovery.hearing(), settings.staticPeers(), discovery.refused(), asked);
        return new ControlReply.Doctor(Checks.all(facts));
    }

    /** Asks up to {@link #MAX_ASKED} members with a known peer port to connect back; their answers, or null. */
    private List<Facts.Asked> ask(List<Peer> others) {
        List<Peer> chosen = others.stream().filter(p -> p.tcpPort() != 0).limit(MAX_ASKED).toList();
        if (chosen.isEmpty()) {
            return List.of();
        }
        List<String> endpoints = chosen.stream().map(Peer::endpointText).toList();
        Map<String, PeerMessage> replies;
        try (FanOut fanOut = FanOut.send(context, endpoints, new PeerMessage.ConnectBack(discovery.peerId()),
                ANSWER_WITHIN)) {
            replies = fanOut.collect(System.nanoTime() + ANSWER_WITHIN.toNanos());
        }
        List<Facts.Asked> asked = new ArrayList<>(chosen.size());
        for (Peer peer : chosen) {
            asked.add(new Facts.Asked(peer.peerId(), peer.endpointText(), replies.get(peer.endpointText())));
        }
        return asked;
    }
}
