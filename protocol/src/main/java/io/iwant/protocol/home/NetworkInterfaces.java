package io.iwant.protocol.home;

import io.iwant.protocol.UserError;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Finding the network interface discovery runs on: the one the user names, else the one of the default route. The
 * daemon uses it to choose; {@code iwanto doctor} uses it to say what a daemon would choose when none runs. Every
 * problem is a {@link UserError} with one sentence for the user.
 */
public final class NetworkInterfaces {
    /** Where a UDP socket is "connected" to learn the interface of the default route; no packet is ever sent. */
    private static final InetSocketAddress ROUTE_PROBE = new InetSocketAddress(fixed(new byte[]{(byte) 203, 0, 113, 1}), 9);

    private NetworkInterfaces() {
    }

    /**
     * The interface named {@code nameOrAddress} ("eth0"), or the one holding that address ("192.168.1.5"). It must
     * be up and have an IPv4 address; loopback is accepted when asked for by name or address.
     */
    public static NetworkInterface resolve(String nameOrAddress) {
        if (nameOrAddress == null || nameOrAddress.isBlank()) {
            throw new UserError(UserError.USAGE, "The network interface must not be empty.");
        }
        String wanted = nameOrAddress.trim();
        NetworkInterface found;
        try {
            found = NetworkInterface.getByName(wanted);
            if (found == null && looksLikeAddress(wanted)) {
                found = NetworkInterface.getByInetAddress(InetAddress.getByName(wanted));
            }
        } catch (IOException e) {
            found = null;
        }
        if (found == null) {
            throw new UserError(UserError.USAGE, "No network interface is named or has the address " + wanted
                    + candidatesSentence());
        }
        check(found);
        return found;
    }

    /**
     * The interface of the default route: the up, non-loopback, multicast-capable interface whose IPv4 address the
     * kernel would send from to a public address. Found by connecting an unbound UDP socket, which sends nothing.
     */
    public static NetworkInterface defaultInterface() {
        InetAddress local;
        try (DatagramSocket probe = new DatagramSocket()) {
            probe.connect(ROUTE_PROBE);
            local = probe.getLocalAddress();
        } catch (IOException | UncheckedIOException e) {
            local = null;
        }
        return pick(local, candidates()).orElseThrow(() -> new UserError(UserError.FAILED,
                "Found no multicast-capable network interface to discover peers on; pass one with --interface NAME, "
                        + "or, where multicast is blocked, name other peers with --peers HOST:7377,..."
                        + candidatesSentence()));
    }

    /**
     * The choice of {@link #defaultInterface()}: the candidate holding {@code routeAddress}, else the only
     * candidate; empty when that leaves no single answer.
     */
    public static Optional<NetworkInterface> pick(InetAddress routeAddress, List<NetworkInterface> candidates) {
        if (routeAddress != null && !routeAddress.isAnyLocalAddress()) {
            for (NetworkInterface candidate : candidates) {
                if (Collections.list(candidate.getInetAddresses()).contains(routeAddress)) {
                    return Optional.of(candidate);
                }
            }
        }
        return candidates.size() == 1 ? Optional.of(candidates.get(0)) : Optional.empty();
    }

    /** The interfaces that could carry discovery: up, not loopback, multicast-capable, with an IPv4 address. */
    public static List<NetworkInterface> candidates() {
        List<NetworkInterface> result = new ArrayList<>();
        try {
            for (NetworkInterface candidate : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (candidate.isUp() && !candidate.isLoopback() && candidate.supportsMulticast()
                        && ipv4(candidate).isPresent()) {
                    result.add(candidate);
                }
            }
        } catch (SocketException e) {
            return List.of();
        }
        return result;
    }

    /** "eth0 (192.168.1.5)". */
    public static String describe(NetworkInterface networkInterface) {
        return networkInterface.getName() + ipv4(networkInterface).map(a -> " (" + a.getHostAddress() + ")").orElse("");
    }

    /** The first IPv4 address of an interface. */
    public static Optional<Inet4Address> ipv4(NetworkInterface networkInterface) {
        return Collections.list(networkInterface.getInetAddresses()).stream()
                .filter(Inet4Address.class::isInstance).map(Inet4Address.class::cast).findFirst();
    }

    private static void check(NetworkInterface networkInterface) {
        try {
            if (!networkInterface.isUp()) {
                throw new UserError(UserError.FAILED, "The network interface " + networkInterface.getName()
                        + " is down.");
            }
        } catch (SocketException e) {
            throw new UserError(UserError.FAILED, "Cannot read the state of network interface "
                    + networkInterface.getName() + ".");
        }
        if (ipv4(networkInterface).isEmpty()) {
            throw new UserError(UserError.FAILED, "The network interface " + networkInterface.getName()
                    + " has no IPv4 address.");
        }
    }

    /** "; candidates: eth0 (192.168.1.5), wlan0 (10.0.0.3)." or "." when there are none. */
    public static String candidatesSentence() {
        List<String> names = candidates().stream().map(NetworkInterfaces::describe).toList();
        return names.isEmpty() ? "." : "; candidates: " + String.join(", ", names) + ".";
    }

    private static boolean looksLikeAddress(String text) {
        return text.matches("[0-9.]+") || text.contains(":");
    }

    private static InetAddress fixed(byte[] address) {
        try {
            return InetAddress.getByAddress(address);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
