package io.iwant.protocol.home;

import io.iwant.protocol.UserError;
import io.iwant.protocol.control.ControlReply.Check;

import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.List;

/**
 * The first check of {@code iwanto doctor}: the interface discovery runs on, why that one, and which others there
 * are. The daemon tells it of the interface it runs on; without a daemon, of the one a start would choose.
 */
public final class InterfaceCheck {
    /** The check's name in {@code doctor --json}. */
    public static final String NAME = "interface";
    /** Most other interfaces named (a host with many container bridges has dozens). */
    static final int LISTED = 8;

    private InterfaceCheck() {
    }

    /** The interface a start with {@code configured} (a name or address, null for the default route) would use. */
    public static Check wouldChoose(String configured) {
        NetworkInterface chosen;
        try {
            chosen = configured == null ? NetworkInterfaces.defaultInterface() : NetworkInterfaces.resolve(configured);
        } catch (UserError e) {
            return decide(configured, null, e.getMessage(), false, others(null));
        }
        return of(configured, chosen);
    }

    /** The check of {@code chosen}, which a start with {@code configured} (null: the default route) picked. */
    public static Check of(String configured, NetworkInterface chosen) {
        boolean loopback;
        try {
            loopback = chosen.isLoopback();
        } catch (SocketException e) {
            loopback = false;
        }
        return decide(configured, NetworkInterfaces.describe(chosen), null, loopback, others(chosen));
    }

    /**
     * The check from what was found: the interface chosen ("eth0 (192.168.1.5)") or, when none could be, the
     * {@code problem}; whether it is the loopback interface; the other candidates, described.
     */
    static Check decide(String configured, String chosen, String problem, boolean loopback, List<String> all) {
        List<String> others = all.size() <= LISTED ? all : java.util.stream.Stream.concat(
                all.stream().limit(LISTED), java.util.stream.Stream.of("and " + (all.size() - LISTED) + " more"))
                .toList();
        String rest = others.isEmpty() ? "no other interface could carry discovery"
                : "other interfaces: " + String.join(", ", others);
        if (chosen == null) {
            return Check.fail(NAME, shorten(problem), others.isEmpty()
                    ? "Connect this machine to the network your peers are on; where multicast cannot be used, name "
                    + "peers with iwanto start --peers HOST:7377."
                    : "Choose the interface of the network your peers are on: iwanto start --interface NAME ("
                    + String.join(", ", others) + ").");
        }
        String why = configured == null ? "the interface of the default route" : "as configured (--interface "
                + configured + ")";
        if (loopback) {
            return Check.warn(NAME, "Discovery runs on " + chosen + ", the loopback interface, " + why
                    + ": only peers on this machine can be found; " + rest + ".", others.isEmpty()
                    ? "Connect this machine to the network your peers are on, then start with --interface NAME."
                    : "Start with --interface NAME of the network your peers are on.");
        }
        return Check.ok(NAME, "Discovery runs on " + chosen + ", " + why + "; " + rest
                + (others.isEmpty() ? "." : " (if your peers are on one of those, start with --interface NAME)."));
    }

    /** A problem sentence, cut to what a check may hold (it lists the candidates, which may be many). */
    private static String shorten(String problem) {
        return problem.length() <= Check.MAX_TEXT ? problem : problem.substring(0, Check.MAX_TEXT - 3) + "...";
    }

    private static List<String> others(NetworkInterface chosen) {
        return NetworkInterfaces.candidates().stream()
                .filter(c -> chosen == null || !c.getName().equals(chosen.getName()))
                .map(NetworkInterfaces::describe).toList();
    }
}
