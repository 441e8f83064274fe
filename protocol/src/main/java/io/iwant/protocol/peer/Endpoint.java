package io.iwant.protocol.peer;

import io.iwant.protocol.wire.Limits;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * A peer endpoint as it travels between peers: an IPv4 literal and a port, "10.77.0.2:7378". Never a host name, so
 * that connecting to an endpoint a peer sent never waits on a name lookup, and never an address no peer can have
 * (the wildcard, multicast, broadcast).
 */
public final class Endpoint {
    private Endpoint() {
    }

    /** True for "a.b.c.d:port" with four decimal octets, a unicast address and a port from 1 to 65535. */
    public static boolean isValid(String endpoint) {
        return parse(endpoint) != null;
    }

    /** Returns {@code endpoint} or throws {@link IllegalArgumentException} if it breaks {@link #isValid}. */
    public static String check(String endpoint) {
        if (!isValid(endpoint)) {
            throw new IllegalArgumentException("an endpoint must be an IPv4 address and a port");
        }
        return endpoint;
    }

    /** The address of a valid endpoint, without any name lookup; null for an invalid one. */
    public static InetSocketAddress parse(String endpoint) {
        if (endpoint == null || endpoint.length() > Limits.MAX_ENDPOINT) {
            return null;
        }
        int colon = endpoint.indexOf(':');
        if (colon < 0 || endpoint.indexOf(':', colon + 1) >= 0) {
            return null;
        }
        int port = decimal(endpoint, colon + 1, endpoint.length(), 65535);
        if (port < 1) {
            return null;
        }
        byte[] octets = new byte[4];
        int from = 0;
        for (int field = 0; field < 4; field++) {
            int to = field < 3 ? endpoint.indexOf('.', from) : colon;
            if (to < 0 || to > colon) {
                return null;
            }
            int octet = decimal(endpoint, from, to, 255);
            if (octet < 0) {
                return null;
            }
            octets[field] = (byte) octet;
            from = to + 1;
        }
        int first = octets[0] & 0xff;
        boolean wildcard = first == 0;
        boolean multicastOrReserved = first >= 224;
        if (wildcard || multicastOrReserved) {
            return null;
        }
        try {
            return new InetSocketAddress(InetAddress.getByAddress(octets), port);
        } catch (UnknownHostException e) {
            return null; // cannot happen for four bytes
        }
    }

    /** The decimal number in {@code text[from, to)}: 1 to 5 digits, no leading zero, at most {@code max}; else -1. */
    private static int decimal(String text, int from, int to, int max) {
        if (to <= from || to - from > 5 || (text.charAt(from) == '0' && to - from > 1)) {
            return -1;
        }
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value <= max ? value : -1;
    }
}
