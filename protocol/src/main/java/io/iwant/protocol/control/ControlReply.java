package io.iwant.protocol.control;

import io.iwant.protocol.wire.Limits;

import java.util.List;
import java.util.Objects;

/** What the daemon answers on the control socket. */
public sealed interface ControlReply permits ControlReply.Done, ControlReply.Failed, ControlReply.Config,
        ControlReply.Status, ControlReply.SearchResults, ControlReply.Ambiguous, ControlReply.Progress,
        ControlReply.Data, ControlReply.Doctor {

    /** The request succeeded; {@code message} is for the user (may be empty). */
    record Done(String message) implements ControlReply {
        public Done {
            message = message == null ? "" : message;
        }
    }

    /** The request failed; {@code message} is one sentence for the user, {@code exitCode} what the client exits with. */
    record Failed(int exitCode, String message) implements ControlReply {
        public Failed {
            if (exitCode <= 0 || exitCode > 125) {
                throw new IllegalArgumentException("exit code out of range: " + exitCode);
            }
            if (message == null || message.isBlank()) {
                throw new IllegalArgumentException("a failure needs a message");
            }
        }
    }

    /** The configuration as persisted in {@code config.properties}, and the network the daemon is in. */
    record Config(String share, String downloads, String networkInterface, String group, int port,
                  List<String> peers, Network network, String sweep) implements ControlReply {
        public Config {
            peers = List.copyOf(peers);
            Objects.requireNonNull(network, "network");
            Objects.requireNonNull(sweep, "sweep");
        }
    }

    /**
     * A snapshot of the daemon's state. {@code leader} is null while no leader is known; {@code health} lists the
     * parts that run on threads of their own; {@code network} says whether the network is open or private;
     * {@code discovery} what each way of finding peers does.
     */
    record Status(String peerId, String version, String home, String share, String downloads,
                  long uptimeMillis, String leader, List<Member> members, IndexState index,
                  List<Download> transfers, List<Part> health, Network network, Discovery discovery)
            implements ControlReply {
        public Status {
            members = List.copyOf(members);
            transfers = List.copyOf(transfers);
            health = List.copyOf(health);
            Objects.requireNonNull(network, "network");
            Objects.requireNonNull(discovery, "discovery");
        }

        /** A status without a discovery report (stand-in daemons of client tests). */
        public Status(String peerId, String version, String home, String share, String downloads,
                      long uptimeMillis, String leader, List<Member> members, IndexState index,
                      List<Download> transfers, List<Part> health, Network network) {
            this(peerId, version, home, share, downloads, uptimeMillis, leader, members, index, transfers, health,
                    network, Discovery.NONE);
        }

        /** A status with no health report, in an open network (stand-in daemons of client tests). */
        public Status(String peerId, String version, String home, String share, String downloads,
                      long uptimeMillis, String leader, List<Member> members, IndexState index,
                      List<Download> transfers) {
            this(peerId, version, home, share, downloads, uptimeMillis, leader, members, index, transfers, List.of(),
                    new Network(NetworkMode.OPEN, null, null));
        }

        /** True when every part runs (restarted ones included: they serve again). */
        public boolean healthy() {
            return health.stream().noneMatch(p -> p.state() == PartState.FAILED);
        }
    }

    /** Whether a part of the daemon runs: as started, again after it died, or not at all. */
    enum PartState {
        RUNNING, RESTARTED, FAILED;

        /** The lowercase name, as printed and in JSON. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** One part of the daemon: its name, its state, how often it was restarted and why it last died (or ""). */
    record Part(String name, PartState state, int restarts, String lastFailure) {
        public Part {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(state, "state");
            lastFailure = lastFailure == null ? "" : lastFailure;
        }
    }

    /** Who may join: anyone on the segment, or only the holders of a network key. */
    enum NetworkMode {
        OPEN, PRIVATE;

        /** The lowercase name, as printed and in JSON. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * The network a daemon is in, by public names only (never a key): open or private, the network key's
     * fingerprint (null for an open network, or when the key file cannot be read) and this peer's own key's
     * fingerprint (null before the first start made it). Fingerprints are twelve lowercase hex digits.
     */
    record Network(NetworkMode mode, String fingerprint, String peerKey, List<Refused> refused) {
        /** Most refusals carried. */
        public static final int MAX_REFUSED = 64;

        /** Without refusals (view config without a daemon; stand-ins). */
        public Network(NetworkMode mode, String fingerprint, String peerKey) {
            this(mode, fingerprint, peerKey, List.of());
        }

        public Network {
            refused = List.copyOf(refused);
            if (refused.size() > MAX_REFUSED) {
                throw new IllegalArgumentException("at most " + MAX_REFUSED + " refusals");
            }
            Objects.requireNonNull(mode, "mode");
            if (fingerprint != null && !isFingerprint(fingerprint)) {
                throw new IllegalArgumentException("a network key fingerprint is 12 lowercase hex digits");
            }
            if (mode == NetworkMode.OPEN && fingerprint != null) {
                throw new IllegalArgumentException("an open network has no key fingerprint");
            }
            if (peerKey != null && !isFingerprint(peerKey)) {
                throw new IllegalArgumentException("a peer key fingerprint is 12 lowercase hex digits");
            }
        }

        private static boolean isFingerprint(String text) {
            return text.length() == 12 && text.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
        }
    }

    /**
     * Datagrams discovery refused from one address since start: the reason (another network, an open or private
     * peer where the other kind is, forged, replayed) as a sentence for the user, how many, and how long ago the last.
     */
    record Refused(String address, String sentence, long count, long sinceLastMillis) {
        public Refused {
            if (address == null || address.isEmpty() || address.length() > Limits.MAX_ENDPOINT) {
                throw new IllegalArgumentException("a refused address is an IPv4 address");
            }
            if (sentence == null || sentence.isBlank() || sentence.length() > Limits.MAX_REASON) {
                throw new IllegalArgumentException("a refusal needs a sentence of at most " + Limits.MAX_REASON
                        + " characters");
            }
            if (count < 1 || sinceLastMillis < 0) {
                throw new IllegalArgumentException("a refusal counts at least one datagram, in the past");
            }
        }
    }

    /** One peer of the network as this daemon sees it. */
    record Member(String peerId, String address, long ageMillis, boolean leader, boolean self) {
    }

    /**
     * The rungs of discovery, tried together: the members whose beacons come by multicast now and those multicast
     * found; the static peers configured and the members found by unicast beacons (sent to them, or by peers that
     * name this one); the members found by gossip, those of them beaconed to by unicast, the gossiped addresses
     * waiting for a ping and the pings sent; the sweep's mode ({@code auto}, {@code on}, {@code off}), the addresses
     * one sweep covers (0: it never runs here), whether one runs, the beacons it sent and the members it found.
     */
    record Discovery(int multicastHeard, int multicastFound, int staticPeers, int staticFound, int gossipFound,
                     int gossipLinked, int gossipPending, long gossipProbes, String sweep, int sweepAddresses,
                     boolean sweeping, long sweepSent, int sweepFound) {
        /** No report (a daemon that did not give one). */
        public static final Discovery NONE = new Discovery(0, 0, 0, 0, 0, 0, 0, 0, "off", 0, false, 0, 0);
    }

    /** What this peer's local index holds; {@code hashing} is true while a scan is running. */
    record IndexState(long files, long folders, long bytes, boolean hashing, long hashedBytes, long pendingBytes) {
    }

    /**
     * One download and its progress. {@code reason} says why it failed (empty otherwise); {@code etaSeconds} is -1
     * when unknown; {@code playable} is how many bytes from the start of a file are verified (a player can read that
     * far while the rest arrives), 0 for a folder.
     */
    record Download(String hash, String name, boolean dir, DownloadState state, long done, long size,
                    long bytesPerSecond, long etaSeconds, int peers, String reason, String target, long playable) {
        public Download {
            Objects.requireNonNull(state, "state");
        }

        /** A download whose playable part is all of a finished file, and nothing of anything else. */
        public Download(String hash, String name, boolean dir, DownloadState state, long done, long size,
                        long bytesPerSecond, long etaSeconds, int peers, String reason, String target) {
            this(hash, name, dir, state, done, size, bytesPerSecond, etaSeconds, peers, reason, target,
                    state == DownloadState.DONE && !dir ? size : 0);
        }

        /**
         * How much is done, from 0 to 1: {@code done / size}, kept in range. While the size is unknown (0) a
         * download counts as nothing done, and as whole once it is done (an empty file).
         */
        public double fraction() {
            if (size <= 0) {
                return state == DownloadState.DONE ? 1 : 0;
            }
            return Math.max(0, Math.min(1, (double) done / size));
        }
    }

    /** Search results, best first, one per hash. */
    record SearchResults(List<Hit> hits) implements ControlReply {
        public SearchResults {
            hits = List.copyOf(hits);
        }
    }

    /** A hash prefix matched more than one file or folder. */
    record Ambiguous(String prefix, List<Hit> candidates) implements ControlReply {
        public Ambiguous {
            candidates = List.copyOf(candidates);
        }
    }

    /** Progress of a followed download; more replies follow on the same connection. */
    record Progress(Download download) implements ControlReply {
    }

    /**
     * The next verified bytes of a streamed file, in order; more replies follow on the same connection. Empty while
     * nothing new arrived for a while (so the daemon notices a client that left).
     */
    record Data(byte[] bytes) implements ControlReply {
        /** The most bytes one reply carries. */
        public static final int MAX_BYTES = 1 << 20;

        public Data {
            Objects.requireNonNull(bytes, "bytes");
            if (bytes.length > MAX_BYTES) {
                throw new IllegalArgumentException("a data reply carries at most " + MAX_BYTES + " bytes");
            }
        }
    }

    /** One search result: a file or folder by hash, and how many peers hold it. */
    record Hit(String name, long size, String hash, boolean dir, int peers) {
    }

    /** What {@code iwanto doctor} found: every check, in the order a user should read them. */
    record Doctor(List<Check> checks) implements ControlReply {
        /** Most checks in one answer. */
        public static final int MAX_CHECKS = 64;

        public Doctor {
            checks = List.copyOf(checks);
            if (checks.size() > MAX_CHECKS) {
                throw new IllegalArgumentException("at most " + MAX_CHECKS + " checks");
            }
        }

        /** The worst status of all checks ({@link CheckStatus#OK} for none). */
        public CheckStatus worst() {
            return checks.stream().map(Check::status).max(Enum::compareTo).orElse(CheckStatus.OK);
        }
    }

    /** How a check came out, from best to worst. */
    enum CheckStatus {
        OK, WARN, FAIL;

        /** The lowercase name, as in JSON. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * One check of {@code iwanto doctor}: its short name ("multicast-others"), how it came out, one sentence naming
     * what was found (the cause, when something is wrong) and one saying how to fix it (empty when nothing needs it).
     */
    record Check(String name, CheckStatus status, String sentence, String fix) {
        /** Longest sentence or fix, in characters (a few peers' addresses fit). */
        public static final int MAX_TEXT = 1000;

        public Check {
            Objects.requireNonNull(status, "status");
            if (name == null || !name.matches("[a-z][a-z-]{0,31}")) {
                throw new IllegalArgumentException("a check's name is up to 32 lowercase letters and dashes");
            }
            if (sentence == null || sentence.isBlank() || sentence.length() > MAX_TEXT) {
                throw new IllegalArgumentException("a check needs a sentence of at most " + MAX_TEXT + " characters");
            }
            fix = fix == null ? "" : fix;
            if (fix.length() > MAX_TEXT) {
                throw new IllegalArgumentException("a fix has at most " + MAX_TEXT + " characters");
            }
        }

        public static Check ok(String name, String sentence) {
            return new Check(name, CheckStatus.OK, sentence, "");
        }

        public static Check warn(String name, String sentence, String fix) {
            return new Check(name, CheckStatus.WARN, sentence, fix);
        }

        public static Check fail(String name, String sentence, String fix) {
            return new Check(name, CheckStatus.FAIL, sentence, fix);
        }
    }
}
