package io.iwant.tui.cli;

import com.fasterxml.jackson.jr.ob.JSON;
import io.iwant.protocol.control.ControlReply;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code --json} documents of the command contract, written by jackson-jr from records: a record's components
 * are the document's fields, in order. Null values are written as {@code null} (a status without a leader says
 * {@code "leader" : null}), never left out.
 */
final class Json {
    private static final JSON PRETTY = JSON.std.with(JSON.Feature.PRETTY_PRINT_OUTPUT,
            JSON.Feature.WRITE_NULL_PROPERTIES, JSON.Feature.WRITE_RECORD_FIELDS_IN_DECLARATION_ORDER);

    private Json() {
    }

    static String write(Object value) {
        try {
            return PRETTY.asString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code search --json}: the hits as they came, each {@code {name, size, hash, dir, peers}}. */
    static List<ControlReply.Hit> hits(List<ControlReply.Hit> hits) {
        return hits;
    }

    /**
     * {@code view config --json}; a map because one field is named {@code interface}, a Java keyword. {@code problem}
     * says why the home's key files cannot be used (read without a daemon), null otherwise.
     */
    static Map<String, Object> config(ControlReply.Config c, String problem) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("share", c.share());
        m.put("downloads", c.downloads());
        m.put("interface", c.networkInterface());
        m.put("group", c.group());
        m.put("port", c.port());
        m.put("peers", c.peers());
        m.put("sweep", c.sweep());
        m.put("network", network(c.network(), problem));
        return m;
    }

    /**
     * The {@code network} object of {@code status --json} and {@code view config --json}: {@code mode} (open or
     * private), {@code fingerprint} (the network key's, null when open), {@code peerKey} (this peer's key's) and
     * {@code problem}; never a key.
     */
    record Network(String mode, String fingerprint, String peerKey, String problem,
                   List<ControlReply.Refused> refused) {
    }

    static Network network(ControlReply.Network n, String problem) {
        return new Network(n.mode().label(), n.fingerprint(), n.peerKey(), problem, n.refused());
    }

    /**
     * {@code status --json}; members as they came ({@code peerId, address, ageMillis, leader, self}); {@code leader}
     * is always there, null while none is known.
     */
    record Status(String peerId, String version, String home, String share, String downloadFolder,
                  long uptimeMillis, String leader, List<ControlReply.Member> members, long files, long folders,
                  long bytes, boolean hashing, long hashedBytes, long pendingBytes, List<Download> downloads,
                  Network network, List<Part> health, Map<String, Object> discovery) {
    }

    /**
     * The {@code discovery} object of {@code status --json}, one object per rung: {@code multicast} (members
     * {@code heard} by multicast now, members it {@code found}), {@code static} (peers {@code configured}, members
     * {@code found}), {@code gossip} ({@code found}, {@code linked}, {@code pending} addresses, {@code probes} sent),
     * {@code sweep} ({@code mode}, {@code addresses} per round, {@code running}, beacons {@code sent},
     * {@code found}); a map because one key is {@code static}, a Java keyword.
     */
    static Map<String, Object> discovery(ControlReply.Discovery d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("multicast", ordered("heard", d.multicastHeard(), "found", d.multicastFound()));
        m.put("static", ordered("configured", d.staticPeers(), "found", d.staticFound()));
        m.put("gossip", ordered("found", d.gossipFound(), "linked", d.gossipLinked(), "pending", d.gossipPending(),
                "probes", d.gossipProbes()));
        m.put("sweep", ordered("mode", d.sweep(), "addresses", d.sweepAddresses(), "running", d.sweeping(),
                "sent", d.sweepSent(), "found", d.sweepFound()));
        return m;
    }

    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    /** One part of the daemon in {@code status --json}; {@code state} is running, restarted or failed. */
    record Part(String name, String state, int restarts, String lastFailure) {
    }

    static Status status(ControlReply.Status s) {
        ControlReply.IndexState index = s.index();
        return new Status(s.peerId(), s.version(), s.home(), s.share(), s.downloads(), s.uptimeMillis(), s.leader(),
                s.members(), index.files(), index.folders(), index.bytes(), index.hashing(), index.hashedBytes(),
                index.pendingBytes(), s.transfers().stream().map(Json::download).toList(), network(s.network(), null),
                s.health().stream().map(p -> new Part(p.name(), p.state().label(), p.restarts(), p.lastFailure()))
                        .toList(), discovery(s.discovery()));
    }

    /**
     * One download in {@code status --json} and {@code download --json}; {@code state} is the lowercase label,
     * {@code playable} the bytes of a file verified from its start.
     */
    record Download(String hash, String name, boolean dir, String state, long done, long size, long bytesPerSecond,
                    long etaSeconds, int peers, String reason, String path, long playable) {
    }

    static Download download(ControlReply.Download d) {
        return new Download(d.hash(), d.name(), d.dir(), d.state().label(), d.done(), d.size(), d.bytesPerSecond(),
                d.etaSeconds(), d.peers(), d.reason(), d.target(), d.playable());
    }

    /** {@code download --json} when the daemon answered without progress (nothing was left to fetch). */
    record Message(String message) {
    }

    /** {@code doctor --json}: whether a daemon answered, and every check as {@code {name, status, sentence, fix}}. */
    record Doctor(boolean daemon, List<Check> checks) {
    }

    /** One check of {@code doctor --json}; {@code status} is ok, warn or fail, {@code fix} empty when none is needed. */
    record Check(String name, String status, String sentence, String fix) {
    }

    static Doctor doctor(boolean daemon, ControlReply.Doctor report) {
        return new Doctor(daemon, report.checks().stream()
                .map(c -> new Check(c.name(), c.status().label(), c.sentence(), c.fix())).toList());
    }
}
