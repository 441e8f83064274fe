package io.iwant.tui.cli;

import com.fasterxml.jackson.jr.ob.JSON;
import io.iwant.protocol.control.ControlReply;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code --json} documents of the command contract. */
final class Json {
    private static final JSON PRETTY = JSON.std.with(JSON.Feature.PRETTY_PRINT_OUTPUT);

    private Json() {
    }

    static String write(Object value) {
        try {
            return PRETTY.asString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, Object> config(ControlReply.Config c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("share", c.share());
        m.put("downloads", c.downloads());
        m.put("interface", c.networkInterface());
        m.put("group", c.group());
        m.put("port", c.port());
        m.put("peers", c.peers());
        return m;
    }

    static Map<String, Object> status(ControlReply.Status s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("peerId", s.peerId());
        m.put("version", s.version());
        m.put("home", s.home());
        m.put("share", s.share());
        m.put("downloadFolder", s.downloads());
        m.put("uptimeMillis", s.uptimeMillis());
        m.put("leader", s.leader());
        List<Object> members = new ArrayList<>();
        for (ControlReply.Member member : s.members()) {
            Map<String, Object> mm = new LinkedHashMap<>();
            mm.put("peerId", member.peerId());
            mm.put("address", member.address());
            mm.put("ageMillis", member.ageMillis());
            mm.put("leader", member.leader());
            mm.put("self", member.self());
            members.add(mm);
        }
        m.put("members", members);
        ControlReply.IndexState index = s.index();
        m.put("files", index.files());
        m.put("folders", index.folders());
        m.put("bytes", index.bytes());
        m.put("hashing", index.hashing());
        m.put("hashedBytes", index.hashedBytes());
        m.put("pendingBytes", index.pendingBytes());
        List<Object> downloads = new ArrayList<>();
        for (ControlReply.Download d : s.transfers()) {
            downloads.add(download(d));
        }
        m.put("downloads", downloads);
        return m;
    }

    static Map<String, Object> download(ControlReply.Download d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("hash", d.hash());
        m.put("name", d.name());
        m.put("dir", d.dir());
        m.put("state", d.state().label());
        m.put("done", d.done());
        m.put("size", d.size());
        m.put("bytesPerSecond", d.bytesPerSecond());
        m.put("etaSeconds", d.etaSeconds());
        m.put("peers", d.peers());
        m.put("reason", d.reason());
        m.put("path", d.target());
        return m;
    }

    static List<Object> hits(List<ControlReply.Hit> hits) {
        List<Object> list = new ArrayList<>();
        for (ControlReply.Hit h : hits) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", h.name());
            m.put("size", h.size());
            m.put("hash", h.hash());
            m.put("dir", h.dir());
            m.put("peers", h.peers());
            list.add(m);
        }
        return list;
    }
}
