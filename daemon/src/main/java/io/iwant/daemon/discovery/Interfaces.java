package io.iwant.daemon.discovery;

import io.iwant.protocol.UserError;
import io.iwant.protocol.home.NetworkInterfaces;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * Parsing the group and static peer addresses of the configuration (the interface itself is found by
 * {@link NetworkInterfaces}, which the client shares). Every problem is a {@link UserError} with one sentence for the
 * user.
 */
public final class Interfaces {
    private Interfaces() {
    }

    /** Parses {@code --group ADDR:PORT}: an IPv4 multicast address and a port. */
    public static InetSocketAddress parseGroup(String text) {
        InetSocketAddress group = parseHostPort(text, "multicast group");
        if (!(group.getAddress() instanceof Inet4Address) || !group.getAddress().isMulticastAddress()) {
            throw new UserError(UserError.USAGE, "The multicast group " + text
                    + " is not an IPv4 multicast address (224.0.0.0 to 239.255.255.255).");
        }
        return group;
    }

    /** Parses one static peer {@code HOST:PORT}, where the port is that peer's discovery (group) port. */
    public static InetSocketAddress parsePeer(String text) {
        return parseHostPort(text, "static peer");
    }

    private static InetSocketAddress parseHostPort(String text, String what) {
        String value = text == null ? "" : text.trim();
        int colon = value.lastIndexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
            throw new UserError(UserError.USAGE, "The " + what + " " + value + " must be written HOST:PORT.");
        }
        int port;
        try {
            port = Integer.parseInt(value.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 1 || port > 65535) {
            throw new UserError(UserError.USAGE, "The " + what + " " + value + " needs a port from 1 to 65535.");
        }
        String host = value.substring(0, colon);
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw new UserError(UserError.USAGE, "The " + what + " host " + host + " is unknown.");
        }
    }
}
