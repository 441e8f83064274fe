package io.iwant.daemon.doctor;

import io.iwant.daemon.discovery.Peer;
import io.iwant.daemon.discovery.Refusal;
import io.iwant.protocol.control.ControlReply.Check;
import io.iwant.protocol.discovery.Datagrams;
import io.iwant.protocol.peer.PeerMessage;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The checks of {@code iwanto doctor}, judged from {@link Facts} alone: pure, no clock, no socket. Each names what it
 * found in one sentence (the cause, when something is wrong) and the fix.
 */
final class Checks {
    /** Heard within this long counts as heard now (ten beacon intervals). */
    static final long RECENT_MILLIS = 5_000;
    /** A refusal this recent still describes the network. */
    static final long RECENT_REFUSAL_MILLIS = 60_000;
    /** Before discovery has run this long, silence proves nothing yet. */
    static final long SETTLE_MILLIS = 3_000;
    /** Most peers or addresses named in one sentence. */
    static final int LISTED = 6;

    private Checks() {
    }

    /** Every check, in the order a user should read them. */
    static List<Check> all(Facts f) {
        return List.of(f.networkInterface(), ownMulticast(f), othersMulticast(f), ownPort(f), peersPorts(f),
                firewall(f), staticPeers(f), versions(f), networkKey(f));
    }

    static Check ownMulticast(Facts f) {
        String name = "multicast-self";
        String group = text(f.group());
        long ago = f.hearing().ownMulticastAgo();
        if (ago >= 0 && ago <= RECENT_MILLIS) {
            return Check.ok(name, "This peer hears its own multicast on " + f.interfaceName() + " (group " + group
                    + ").");
        }
        if (f.uptimeMillis() < SETTLE_MILLIS) {
            return Check.warn(name, "Discovery started " + f.uptimeMillis() / 1000 + " s ago: too early to tell "
                    + "whether multicast works.", "Run iwanto doctor again in a few seconds.");
        }
        return Check.fail(name, "This peer does not hear its own multicast on " + f.interfaceName() + " (group "
                        + group + (ago < 0 ? ") since it started" : ") for " + ago / 1000 + " s")
                        + ": the interface does not carry multicast, or the group cannot be joined on it.",
                "Choose an interface that carries multicast (iwanto start --interface NAME), or turn it on ("
                        + "ip link set " + f.interfaceName() + " multicast on); where multicast cannot work, name "
                        + "peers with --peers HOST:" + f.group().getPort() + ".");
    }

    static Check othersMulticast(Facts f) {
        String name = "multicast-others";
        Set<InetAddress> heard = recent(f.hearing().multicastAgo());
        List<Peer> unicastOnly = f.others().stream().filter(p -> !heard.contains(p.address())).toList();
        String group = text(f.group());
        if (!heard.isEmpty() && unicastOnly.isEmpty()) {
            return Check.ok(name, "Multicast of " + count(heard.size(), "other peer") + " arrives: "
                    + addresses(heard) + ".");
        }
        String allow = "Let multicast through between the machines (group " + group + "; on a switch or access "
                + "point: IGMP snooping with a querier, or no client isolation), or name peers with iwanto start "
                + "--peers HOST:" + f.group().getPort() + " (one link per group of machines is enough).";
        if (!unicastOnly.isEmpty()) {
            String members = unicastOnly.stream().map(Checks::who).collect(joining());
            if (heard.isEmpty()) {
                return Check.fail(name, "No other peer's multicast arrives, though " + members
                        + (unicastOnly.size() == 1 ? " is a member" : " are members")
                        + " found by unicast: the network between drops multicast (a router, switch or "
                        + "firewall filter, or Wi-Fi client isolation).", allow);
            }
            return Check.warn(name, "Multicast arrives from " + addresses(heard) + ", but not from " + members
                    + ", found by unicast only: the network drops multicast on the way to "
                    + (unicastOnly.size() == 1 ? "that peer." : "those peers."), allow);
        }
        if (f.uptimeMillis() < SETTLE_MILLIS) {
            return Check.warn(name, "Discovery started " + f.uptimeMillis() / 1000 + " s ago: too early to tell "
                    + "whether other peers' multicast arrives.", "Run iwanto doctor again in a few seconds.");
        }
        return Check.warn(name, "No other peer was heard at all: either no other peer runs iwant on this network ("
                + f.interfaceName() + "), or the network drops multicast.", "Start iwant on another machine of "
                + "this network; if one runs already, name it here with iwanto start --peers HOST:"
                + f.group().getPort() + ", and let multicast through (group " + group + ").");
    }

    /** Whether the peers asked could connect to this peer's port. */
    static Check ownPort(Facts f) {
        String name = "peer-port";
        String port = "TCP port " + f.tcpPort();
        List<Facts.Asked> reached = asked(f, r -> r instanceof PeerMessage.ConnectedBack c && c.reached());
        List<Facts.Asked> notReached = asked(f, r -> r instanceof PeerMessage.ConnectedBack c && !c.reached());
        if (!reached.isEmpty()) {
            return Check.ok(name, who(reached) + " connected back to this peer's " + port + ".");
        }
        if (!notReached.isEmpty()) {
            String reason = ((PeerMessage.ConnectedBack) notReached.get(0).reply()).reason();
            return Check.fail(name, who(notReached) + " could not connect back to this peer's " + port + " ("
                    + reason + "): a firewall on this machine, or on the way, blocks it.",
                    "Let " + port + " in on this machine (for example: sudo ufw allow " + f.tcpPort()
                            + "/tcp, or sudo firewall-cmd --add-port=" + f.tcpPort() + "/tcp).");
        }
        if (f.asked().isEmpty()) {
            return Check.warn(name, "No other peer is known to ask whether this peer's " + port + " can be reached.",
                    "Once another peer is found, run iwanto doctor again.");
        }
        String answered = f.asked().stream().map(Facts.Asked::reply).filter(PeerMessage.Refused.class::isInstance)
                .map(r -> " (answered: " + ((PeerMessage.Refused) r).reason() + ")").findFirst().orElse("");
        return Check.warn(name, "None of the peers asked (" + who(f.asked()) + ") could try to connect back to this "
                + "peer's " + port + answered + "; see peers-port and version.", "Run iwanto doctor again in a few "
                + "seconds.");
    }

    /** Whether this peer could reach the peer ports of the members it asked. */
    static Check peersPorts(Facts f) {
        String name = "peers-port";
        List<Facts.Asked> silent = asked(f, r -> r == null);
        if (f.asked().isEmpty()) {
            return Check.warn(name, "No other peer with a known peer port is a member yet, so none could be reached.",
                    "Once another peer is found, run iwanto doctor again.");
        }
        if (!silent.isEmpty()) {
            String fix;
            if (silent.size() == 1) {
                String endpoint = silent.get(0).endpoint();
                String port = endpoint.substring(endpoint.lastIndexOf(':') + 1);
                fix = "On " + endpoint.substring(0, endpoint.lastIndexOf(':')) + ", let TCP " + port + " in (for "
                        + "example: sudo ufw allow " + port + "/tcp), or run iwanto doctor there.";
            } else {
                fix = "On each of them, let its peer port in (the port after its address; for example: sudo ufw "
                        + "allow PORT/tcp), or run iwanto doctor there.";
            }
            return Check.fail(name, "The peer port of " + who(silent) + " does not answer from here: a firewall "
                    + "on " + (silent.size() == 1 ? "that machine" : "those machines") + ", or on the way, blocks "
                    + "its TCP port.", fix);
        }
        return Check.ok(name, "The peer " + (f.asked().size() == 1 ? "port" : "ports") + " of " + who(f.asked())
                + " answered.");
    }

    static Check firewall(Facts f) {
        String name = "firewall";
        String ports = "UDP " + f.group().getPort() + " (discovery) and TCP " + f.tcpPort() + " (peer port)";
        if (f.configuredPort() == 0) {
            return Check.warn(name, "The peer port, now TCP " + f.tcpPort() + ", is chosen anew at every start "
                    + "(--port 0), so no firewall rule can keep it open.", "Start with a fixed port: iwanto start "
                    + "--port 7378, and let UDP " + f.group().getPort() + " and that TCP port in.");
        }
        return Check.ok(name, "A firewall on this machine must let in " + ports + " (for example: sudo ufw allow "
                + f.group().getPort() + "/udp && sudo ufw allow " + f.tcpPort() + "/tcp)" + (f.staticPeers().isEmpty()
                ? "." : "; each static peer must let in its discovery port, UDP, from here."));
    }

    static Check staticPeers(Facts f) {
        String name = "static-peers";
        if (f.staticPeers().isEmpty()) {
            return Check.ok(name, "No static peers are configured (they are only needed where multicast cannot "
                    + "reach the other peers).");
        }
        Set<InetAddress> members = f.others().stream().map(Peer::address).collect(Collectors.toSet());
        Set<InetAddress> heard = recent(f.hearing().heardAgo());
        Set<InetAddress> refused = f.refusals().stream().filter(r -> r.sinceLastMillis() <= RECENT_REFUSAL_MILLIS)
                .map(Refusal::address).collect(Collectors.toSet());
        List<String> silent = new ArrayList<>();
        List<String> unproven = new ArrayList<>();
        List<String> otherNetwork = new ArrayList<>();
        List<String> fine = new ArrayList<>();
        for (InetSocketAddress peer : f.staticPeers()) {
            InetAddress address = peer.getAddress();
            (members.contains(address) ? fine : refused.contains(address) ? otherNetwork
                    : heard.contains(address) ? unproven : silent).add(text(peer));
        }
        if (!silent.isEmpty() && f.uptimeMillis() >= SETTLE_MILLIS) {
            return Check.fail(name, "Static " + (silent.size() == 1 ? "peer " : "peers ") + join(silent)
                    + " never answered: iwant is not running there, it listens on another discovery port, the "
                    + "address is wrong, or a firewall drops UDP on the way." + fineSuffix(fine),
                    "Start iwant there, check its address and port (iwanto view config on that machine shows the "
                            + "group port), and let that UDP port in there.");
        }
        if (!otherNetwork.isEmpty()) {
            return Check.fail(name, "Static " + (otherNetwork.size() == 1 ? "peer " : "peers ")
                    + join(otherNetwork) + " answered, but from another network (see network-key)."
                    + fineSuffix(fine), "Give every peer the same network key, or none.");
        }
        if (!unproven.isEmpty()) {
            return Check.warn(name, "Static " + (unproven.size() == 1 ? "peer " : "peers ")
                    + join(unproven) + " sent datagrams but did not answer this peer's pings yet: "
                    + "the way back to this peer may be blocked." + fineSuffix(fine), "Let UDP "
                    + f.group().getPort() + " in on this machine, and run iwanto doctor on that peer.");
        }
        if (!silent.isEmpty()) {
            return Check.warn(name, "Discovery started " + f.uptimeMillis() / 1000 + " s ago: static peers "
                    + join(silent) + " have not answered yet.", "Run iwanto doctor again in a few "
                    + "seconds.");
        }
        return Check.ok(name, "Every static peer answered: " + join(fine) + ".");
    }

    static Check versions(Facts f) {
        String name = "version";
        Map<InetAddress, Integer> formats = f.hearing().otherFormats();
        if (!formats.isEmpty()) {
            String senders = formats.entrySet().stream().map(e -> e.getKey().getHostAddress() + " (format "
                    + e.getValue() + ")").sorted().collect(joining());
            return Check.fail(name, "Discovery datagrams of a format this peer cannot read (it reads formats "
                            + Datagrams.VERSION + " and " + Datagrams.PRIVATE_VERSION + ") come from " + senders
                            + ": they run an incompatible iwant.",
                    "Run the same iwant release on every machine.");
        }
        List<Facts.Asked> otherProtocol = asked(f, r -> r instanceof PeerMessage.ConnectedBack c
                && c.protocol() != PeerMessage.PROTOCOL);
        if (!otherProtocol.isEmpty()) {
            return Check.fail(name, who(otherProtocol) + " speaks another peer protocol (this peer: "
                    + PeerMessage.PROTOCOL + ", " + otherProtocol.stream().map(a -> a.peerId() + ": "
                    + ((PeerMessage.ConnectedBack) a.reply()).protocol()).collect(joining())
                    + "): they cannot work together.", "Run the same iwant release on every machine.");
        }
        List<Facts.Asked> older = asked(f, r -> r instanceof PeerMessage.Refused refused && !refused.retry());
        if (!older.isEmpty()) {
            return Check.warn(name, who(older) + " did not understand this peer's question (it answered: "
                    + ((PeerMessage.Refused) older.get(0).reply()).reason() + "): it runs an older iwant.",
                    "Run the same iwant release on every machine.");
        }
        List<String> versions = f.asked().stream().filter(a -> a.reply() instanceof PeerMessage.ConnectedBack)
                .map(a -> a.peerId() + " " + ((PeerMessage.ConnectedBack) a.reply()).version()).toList();
        return Check.ok(name, versions.isEmpty() ? "No peer heard speaks an incompatible discovery format."
                : "The peers asked speak this peer's protocol " + PeerMessage.PROTOCOL + " (" + String.join(", ",
                versions) + ").");
    }

    static Check networkKey(Facts f) {
        String name = "network-key";
        String self = f.privateNetwork() ? "this peer is in a private network (key fingerprint " + f.fingerprint()
                + ")" : "this peer is in an open network";
        List<Refusal> recent = f.refusals().stream().filter(r -> r.sinceLastMillis() <= RECENT_REFUSAL_MILLIS)
                .toList();
        List<String> otherKey = addresses(recent, Refusal.Reason.OTHER_NETWORK);
        List<String> open = addresses(recent, Refusal.Reason.OPEN_PEER);
        List<String> privatePeers = addresses(recent, Refusal.Reason.PRIVATE_PEER);
        if (!otherKey.isEmpty()) {
            return Check.fail(name, join(otherKey) + (otherKey.size() == 1 ? " is" : " are")
                    + " in another private network: " + (otherKey.size() == 1 ? "its key differs" : "their keys "
                    + "differ") + " from this peer's, whose fingerprint is " + f.fingerprint() + ".",
                    "Give every peer the same key: copy network.key from this peer's home and start the others "
                            + "with iwanto start --network-key FILE; iwanto status shows each one's fingerprint.");
        }
        if (!open.isEmpty()) {
            return Check.fail(name, join(open) + (open.size() == 1 ? " is an open-network peer" : " are"
                    + " open-network peers") + ", but " + self + ": they ignore each other.",
                    "Start " + (open.size() == 1 ? "it" : "them") + " with this network's key (iwanto start "
                            + "--network-key FILE, a copy of network.key from this peer's home).");
        }
        if (!privatePeers.isEmpty()) {
            return Check.fail(name, join(privatePeers) + (privatePeers.size() == 1 ? " is" : " are")
                    + " in a private network, but " + self + ": they ignore each other.",
                    "Start this peer with that network's key: iwanto start --network-key FILE.");
        }
        List<Refusal> odd = recent.stream().filter(r -> r.reason() == Refusal.Reason.FORGED
                || r.reason() == Refusal.Reason.REPLAYED).toList();
        if (!odd.isEmpty()) {
            return Check.warn(name, odd.get(0).sentence() + (odd.size() > 1 ? " (and " + (odd.size() - 1)
                    + " more)." : "."), "Find the machine at " + odd.get(0).address().getHostAddress()
                    + ": a broken or hostile sender; it cannot join or disturb this network.");
        }
        return Check.ok(name, "No peer of another network was heard; " + self + ".");
    }

    /** At most {@link #LISTED} items, then how many more, so that every sentence stays short. */
    static String join(List<String> items) {
        if (items.size() <= LISTED) {
            return String.join(", ", items);
        }
        return String.join(", ", items.subList(0, LISTED)) + " and " + (items.size() - LISTED) + " more";
    }

    private static java.util.stream.Collector<String, ?, String> joining() {
        return Collectors.collectingAndThen(Collectors.toList(), Checks::join);
    }

    private static List<String> addresses(List<Refusal> refusals, Refusal.Reason reason) {
        return refusals.stream().filter(r -> r.reason() == reason).map(r -> r.address().getHostAddress()).sorted()
                .toList();
    }

    private static String fineSuffix(List<String> fine) {
        return fine.isEmpty() ? "" : " Answered: " + join(fine) + ".";
    }

    private static List<Facts.Asked> asked(Facts f, Predicate<PeerMessage> reply) {
        return f.asked().stream().filter(a -> reply.test(a.reply())).toList();
    }

    private static Set<InetAddress> recent(Map<InetAddress, Long> ago) {
        return ago.entrySet().stream().filter(e -> e.getValue() <= RECENT_MILLIS).map(Map.Entry::getKey)
                .collect(Collectors.toSet());
    }

    private static String addresses(Set<InetAddress> addresses) {
        return addresses.stream().map(InetAddress::getHostAddress).sorted().collect(joining());
    }

    private static String who(Peer peer) {
        return peer.peerId() + " (" + peer.address().getHostAddress() + ")";
    }

    private static String who(List<Facts.Asked> asked) {
        return asked.stream().map(Facts.Asked::who).collect(joining());
    }

    private static String count(int n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }

    private static String text(InetSocketAddress address) {
        return address.getAddress().getHostAddress() + ":" + address.getPort();
    }
}
