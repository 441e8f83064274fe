package io.iwant.protocol.wire;

import io.iwant.protocol.control.ControlReply;
import io.iwant.protocol.control.ControlRequest;
import io.iwant.protocol.control.DownloadState;
import io.iwant.protocol.discovery.Beacon;
import io.iwant.protocol.discovery.Bye;
import io.iwant.protocol.discovery.Gossip;
import io.iwant.protocol.discovery.PeerStamp;
import io.iwant.protocol.discovery.Ping;
import io.iwant.protocol.discovery.Pong;
import io.iwant.protocol.discovery.Victory;
import io.iwant.protocol.hash.FolderManifest;
import io.iwant.protocol.index.IndexDelta;
import io.iwant.protocol.index.IndexEntry;
import io.iwant.protocol.index.IndexSnapshot;
import io.iwant.protocol.peer.PeerMessage;
import io.iwant.protocol.peer.Sync;
import io.iwant.protocol.peer.Transfer;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Kryo registration ids of every type that crosses a wire, in one table. An id, once given, is never reused
 * for another type: retire a type by leaving its id commented out.
 */
public final class WireIds {
    static final int BYTES = 20;
    static final int LIST_ARRAY = 21;
    static final int LIST_N = 22;
    static final int LIST_12 = 23;

    static final Map<Class<?>, Integer> TABLE;

    static {
        Map<Class<?>, Integer> t = new LinkedHashMap<>();
        // 100-199: control socket
        t.put(ControlRequest.Status.class, 100);
        t.put(ControlRequest.ViewConfig.class, 101);
        t.put(ControlRequest.SetFolder.class, 102);
        t.put(ControlRequest.Stop.class, 103);
        t.put(ControlRequest.FolderKind.class, 104);
        t.put(ControlRequest.Search.class, 105);
        t.put(ControlRequest.Download.class, 106);
        t.put(ControlRequest.Cancel.class, 107);
        t.put(ControlRequest.Retry.class, 108);
        t.put(ControlRequest.ClearFinished.class, 109);
        t.put(ControlRequest.Stream.class, 120);
        t.put(ControlRequest.Play.class, 121);
        t.put(ControlRequest.Doctor.class, 122);
        t.put(ControlReply.Done.class, 150);
        t.put(ControlReply.Failed.class, 151);
        t.put(ControlReply.Config.class, 152);
        t.put(ControlReply.Status.class, 153);
        t.put(ControlReply.Member.class, 154);
        t.put(ControlReply.IndexState.class, 155);
        t.put(ControlReply.Download.class, 156);
        t.put(ControlReply.SearchResults.class, 157);
        t.put(ControlReply.Ambiguous.class, 158);
        t.put(ControlReply.Progress.class, 159);
        t.put(ControlReply.Hit.class, 160);
        t.put(DownloadState.class, 161);
        t.put(ControlReply.Part.class, 162);
        t.put(ControlReply.PartState.class, 163);
        t.put(ControlReply.Network.class, 164);
        t.put(ControlReply.NetworkMode.class, 165);
        t.put(ControlReply.Refused.class, 166);
        t.put(ControlReply.Discovery.class, 167);
        t.put(ControlReply.Doctor.class, 170);
        t.put(ControlReply.Check.class, 171);
        t.put(ControlReply.CheckStatus.class, 172);
        t.put(ControlReply.Data.class, 180);
        // 200-289: discovery and election datagrams
        t.put(PeerStamp.class, 200);
        t.put(Beacon.class, 201);
        t.put(Victory.class, 202);
        t.put(Ping.class, 203);
        t.put(Pong.class, 204);
        t.put(Bye.class, 205);
        t.put(Gossip.class, 206);
        // 290-299: the peer socket itself
        t.put(PeerMessage.Refused.class, 290);
        t.put(PeerMessage.Ping.class, 291);
        t.put(PeerMessage.Pong.class, 292);
        t.put(PeerMessage.ConnectBack.class, 293);
        t.put(PeerMessage.ConnectedBack.class, 294);
        // 300-399: index sync and search between peers
        // 300-319: a peer's own index (io.iwant.protocol.index) and folder manifests (io.iwant.protocol.hash)
        t.put(IndexEntry.class, 300);
        t.put(IndexDelta.class, 301);
        t.put(IndexSnapshot.class, 302);
        t.put(FolderManifest.class, 303);
        t.put(FolderManifest.Entry.class, 304);
        t.put(FolderManifest.Kind.class, 305);
        // 320-349: index sync with the leader, search and lookup
        t.put(Sync.SnapshotPart.class, 320);
        t.put(Sync.Delta.class, 321);
        t.put(Sync.Check.class, 322);
        t.put(Sync.Ack.class, 323);
        t.put(Sync.SnapshotNeeded.class, 324);
        t.put(Sync.NotLeader.class, 325);
        t.put(Sync.Search.class, 326);
        t.put(Sync.Results.class, 327);
        t.put(Sync.Found.class, 328);
        t.put(Sync.Lookup.class, 329);
        t.put(Sync.Located.class, 330);
        t.put(Sync.Seeder.class, 331);
        t.put(Sync.Ambiguous.class, 332);
        t.put(Sync.NotFound.class, 333);
        // 340-349: what a member answers about its own content (the fallback when the leader knows nothing)
        t.put(Sync.LocalSearch.class, 340);
        t.put(Sync.LocalLookup.class, 341);
        // 400-499: transfer between peers
        t.put(Transfer.MetaRequest.class, 400);
        t.put(Transfer.FileMeta.class, 401);
        t.put(Transfer.FolderMeta.class, 402);
        t.put(Transfer.ChunkRequest.class, 403);
        t.put(Transfer.ChunkData.class, 404);
        t.put(Transfer.Refusal.class, 405);
        t.put(Transfer.Reason.class, 406);
        t.put(Transfer.BatchRequest.class, 407);
        t.put(Transfer.BatchData.class, 408);
        t.put(Transfer.Piece.class, 409);
        TABLE = Collections.unmodifiableMap(t);
    }

    private WireIds() {
    }
}
