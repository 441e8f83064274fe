package io.iwant.dist.hostile;

import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.util.List;

/**
 * The hostile toolkit as a process, for attacks that must come from another machine (a namespace of the LAN test
 * bed):
 * <pre>
 *   boast GROUP_HOST:PORT INTERFACE FAKE_ID MILLIS    boasting beacons and victories from a made-up peer
 *   bye GROUP_HOST:PORT INTERFACE VICTIM_ID MILLIS    a good-bye in a live peer's name (read from its beacon)
 *   frames HOST:PORT                                  the frame attacks, one after the other
 *   replay GROUP_HOST:PORT INTERFACE CAPTURE_MILLIS DELAY_MILLIS ROUNDS
 *                                                     captures every discovery datagram on the group, waits, then
 *                                                     resends them all to the group, ROUNDS times a second apart
 * </pre>
 * Exits 0 when the attack was carried out, 1 when it could not be (no beacon of the victim heard, nothing captured),
 * 2 on bad usage.
 */
public final class HostileMain {
    private HostileMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            usage();
            return;
        }
        try (Hostile hostile = new Hostile()) {
            switch (args[0]) {
                case "boast" -> hostile.boast(group(args[1]), NetworkInterface.getByName(args[2]), args[3],
                        Long.parseLong(args[4]));
                case "bye" -> {
                    if (!hostile.spoofBye(group(args[1]), NetworkInterface.getByName(args[2]), args[3],
                            Long.parseLong(args[4]))) {
                        System.err.println("no beacon of " + args[3] + " was heard");
                        System.exit(1);
                    }
                }
                case "replay" -> {
                    if (args.length != 6) {
                        usage();
                    }
                    InetSocketAddress group = group(args[1]);
                    NetworkInterface via = NetworkInterface.getByName(args[2]);
                    List<byte[]> captured = hostile.capture(group, via, Long.parseLong(args[3]), 10_000);
                    if (captured.isEmpty()) {
                        System.err.println("no discovery datagram was heard on " + args[1]);
                        System.exit(1);
                    }
                    Thread.sleep(Long.parseLong(args[4]));
                    int sent = hostile.replay(group, via, captured, Integer.parseInt(args[5]), 1_000);
                    System.out.println("captured " + captured.size() + " datagrams, resent " + sent);
                }
                case "frames" -> {
                    hostile.giantHash(args[1], 6);
                    List<java.net.Socket> stalled = hostile.stalledFrames(group(args[1]), 300, 16L << 20);
                    hostile.malformedRequests(args[1], 10_000, 1);
                    Hostile.closeAll(stalled);
                }
                default -> usage();
            }
        }
    }

    private static InetSocketAddress group(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }

    private static void usage() {
        System.err.println("usage: boast|bye GROUP:PORT INTERFACE ID MILLIS, frames HOST:PORT, or replay GROUP:PORT "
                + "INTERFACE CAPTURE_MILLIS DELAY_MILLIS ROUNDS");
        System.exit(2);
    }
}
