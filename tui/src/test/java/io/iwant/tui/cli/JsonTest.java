package io.iwant.tui.cli;

import com.fasterxml.jackson.jr.ob.JSON;
import io.iwant.protocol.control.ControlReply;
import io.iwant.protocol.control.DownloadState;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pins every field of the {@code --json} documents (the command contract in the README and the design brief):
 * names, order, types and how each value prints. A change here breaks scripts that read the output.
 */
class JsonTest {
    private static final String HASH = "ab".repeat(32);

    private static ControlReply.Download download(DownloadState state) {
        return new ControlReply.Download(HASH, "film.mkv", false, state, 256, 1024, 64, 12, 3, "", "/d/film.mkv");
    }

    @Test
    void search_prints_an_array_of_name_size_hash_dir_and_peers() {
        String json = Json.write(Json.hits(List.of(new ControlReply.Hit("film.mkv", 1024, HASH, false, 2),
                new ControlReply.Hit("photos", 0, HASH, true, 1))));
        assertEquals("""
                [ {
                  "name" : "film.mkv",
                  "size" : 1024,
                  "hash" : "abababababababababababababababababababababababababababababababab",
                  "dir" : false,
                  "peers" : 2
                }, {
                  "name" : "photos",
                  "size" : 0,
                  "hash" : "abababababababababababababababababababababababababababababababab",
                  "dir" : true,
                  "peers" : 1
                } ]""", json);
    }

    @Test
    void status_prints_peer_leader_members_index_and_downloads() {
        ControlReply.Status s = new ControlReply.Status("p1", "0.1.0", "/h", "/s", "/d", 5000, "p2",
                List.of(new ControlReply.Member("p2", "10.0.0.2:7378", 9000, true, false),
                        new ControlReply.Member("p1", "10.0.0.1:7378", 5000, false, true)),
                new ControlReply.IndexState(3, 1, 4096, true, 100, 200), List.of(download(DownloadState.DOWNLOADING)),
                List.of(new ControlReply.Part("peer-router", ControlReply.PartState.RUNNING, 0, ""),
                        new ControlReply.Part("transfer", ControlReply.PartState.RESTARTED, 2, "IllegalStateException: x")),
                new ControlReply.Network(ControlReply.NetworkMode.PRIVATE, "3f9a1c228b07", "5d0e4b1c9a22"),
                new ControlReply.Discovery(1, 1, 2, 0, 3, 3, 4, 17, "auto", 253, true, 50, 0));
        assertEquals("""
                {
                  "peerId" : "p1",
                  "version" : "0.1.0",
                  "home" : "/h",
                  "share" : "/s",
                  "downloadFolder" : "/d",
                  "uptimeMillis" : 5000,
                  "leader" : "p2",
                  "members" : [ {
                    "peerId" : "p2",
                    "address" : "10.0.0.2:7378",
                    "ageMillis" : 9000,
                    "leader" : true,
                    "self" : false
                  }, {
                    "peerId" : "p1",
                    "address" : "10.0.0.1:7378",
                    "ageMillis" : 5000,
                    "leader" : false,
                    "self" : true
                  } ],
                  "files" : 3,
                  "folders" : 1,
                  "bytes" : 4096,
                  "hashing" : true,
                  "hashedBytes" : 100,
                  "pendingBytes" : 200,
                  "downloads" : [ {
                    "hash" : "abababababababababababababababababababababababababababababababab",
                    "name" : "film.mkv",
                    "dir" : false,
                    "state" : "downloading",
                    "done" : 256,
                    "size" : 1024,
                    "bytesPerSecond" : 64,
                    "etaSeconds" : 12,
                    "peers" : 3,
                    "reason" : "",
                    "path" : "/d/film.mkv",
                    "playable" : 0
                  } ],
                  "network" : {
                    "mode" : "private",
                    "fingerprint" : "3f9a1c228b07",
                    "peerKey" : "5d0e4b1c9a22",
                    "problem" : null,
                    "refused" : [ ]
                  },
                  "health" : [ {
                    "name" : "peer-router",
                    "state" : "running",
                    "restarts" : 0,
                    "lastFailure" : ""
                  }, {
                    "name" : "transfer",
                    "state" : "restarted",
                    "restarts" : 2,
                    "lastFailure" : "IllegalStateException: x"
                  } ],
                  "discovery" : {
                    "multicast" : {
                      "heard" : 1,
                      "found" : 1
                    },
                    "static" : {
                      "configured" : 2,
                      "found" : 0
                    },
                    "gossip" : {
                      "found" : 3,
                      "linked" : 3,
                      "pending" : 4,
                      "probes" : 17
                    },
                    "sweep" : {
                      "mode" : "auto",
                      "addresses" : 253,
                      "running" : true,
                      "sent" : 50,
                      "found" : 0
                    }
                  }
                }""", Json.write(Json.status(s)));
    }

    @Test
    void status_prints_a_null_leader_while_none_is_known() throws Exception {
        ControlReply.Status s = new ControlReply.Status("p1", "0.1.0", "/h", "/s", "/d", 0, null, List.of(),
                new ControlReply.IndexState(0, 0, 0, false, 0, 0), List.of());
        Map<String, Object> doc = JSON.std.mapFrom(Json.write(Json.status(s)));
        assertTrue(doc.containsKey("leader"), doc.toString());
        assertNull(doc.get("leader"));
        assertEquals(List.of(), doc.get("members"));
        assertEquals(List.of(), doc.get("downloads"));
    }

    @Test
    void view_config_prints_the_folders_and_network_settings() {
        ControlReply.Config c = new ControlReply.Config("/s", "/d", null, "239.255.77.77:7377", 7378,
                List.of("10.0.0.9:7378"), new ControlReply.Network(ControlReply.NetworkMode.OPEN, null, "5d0e4b1c9a22"),
                "off");
        assertEquals("""
                {
                  "share" : "/s",
                  "downloads" : "/d",
                  "interface" : null,
                  "group" : "239.255.77.77:7377",
                  "port" : 7378,
                  "peers" : [ "10.0.0.9:7378" ],
                  "sweep" : "off",
                  "network" : {
                    "mode" : "open",
                    "fingerprint" : null,
                    "peerKey" : "5d0e4b1c9a22",
                    "problem" : null,
                    "refused" : [ ]
                  }
                }""", Json.write(Json.config(c, null)));
    }

    @Test
    void view_config_without_a_daemon_names_what_is_wrong_with_the_key_file() throws Exception {
        ControlReply.Config c = new ControlReply.Config(null, null, null, "239.255.77.77:7377", 7378, List.of(),
                new ControlReply.Network(ControlReply.NetworkMode.PRIVATE, null, null), "auto");
        Map<String, Object> doc = JSON.std.mapFrom(Json.write(Json.config(c, "make it private with: chmod 600 f")));
        Map<?, ?> network = (Map<?, ?>) doc.get("network");
        assertEquals("private", network.get("mode"));
        assertTrue(network.containsKey("fingerprint"), network.toString());
        assertNull(network.get("fingerprint"));
        assertEquals("make it private with: chmod 600 f", network.get("problem"));
        assertNull(doc.get("share"));
    }

    @Test
    void download_prints_the_last_progress_with_the_reason_it_failed() {
        ControlReply.Download failed = new ControlReply.Download(HASH, "photos", true, DownloadState.FAILED, 0, 0,
                0, -1, 0, "no-peer", "");
        assertEquals("""
                {"hash":"%s","name":"photos","dir":true,"state":"failed","done":0,"size":0,"bytesPerSecond":0,\
                "etaSeconds":-1,"peers":0,"reason":"no-peer","path":"","playable":0}""".formatted(HASH),
                compact(Json.write(Json.download(failed))));
    }

    /** The pretty-printed document without its layout (no string here holds a blank). */
    private static String compact(String json) {
        return json.replaceAll("\\s+", "");
    }

    @Test
    void download_without_progress_prints_the_daemons_message() {
        assertEquals("""
                {
                  "message" : "downloaded film.mkv to /d/film.mkv"
                }""", Json.write(new Json.Message("downloaded film.mkv to /d/film.mkv")));
    }
}
