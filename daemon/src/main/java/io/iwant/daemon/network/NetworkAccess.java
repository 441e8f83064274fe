package io.iwant.daemon.network;

import io.iwant.protocol.control.ControlReply;
import io.iwant.protocol.home.Home;
import io.iwant.protocol.secure.NetworkKey;
import io.iwant.protocol.secure.PeerKey;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Objects;

/**
 * Who may talk to this peer: everyone (an open network, {@code key} null) or the holders of a network key (a private
 * network); and this peer's own key pair, its identity in either case.
 */
public record NetworkAccess(NetworkKey key, PeerKey peer) {
    public NetworkAccess {
        Objects.requireNonNull(peer, "peer key");
    }

    /**
     * What a home says: private if it holds {@code network.key} (checked: private to its owner, a well-formed key),
     * open otherwise; the peer key is made on first use.
     *
     * @throws io.iwant.protocol.UserError with one sentence for a key file that is readable by others or damaged
     */
    public static NetworkAccess load(Home home) throws IOException {
        NetworkKey key = Files.exists(home.networkKey()) ? NetworkKey.read(home.networkKey()) : null;
        return new NetworkAccess(key, PeerKey.loadOrCreate(home.peerKey()));
    }

    /** An open network with a fresh peer key (tests). */
    public static NetworkAccess open() {
        return new NetworkAccess(null, PeerKey.generate());
    }

    /** A private network with a fresh peer key (tests). */
    public static NetworkAccess of(NetworkKey key) {
        return new NetworkAccess(Objects.requireNonNull(key, "network key"), PeerKey.generate());
    }

    public boolean isPrivate() {
        return key != null;
    }

    /** "open" or "private", as status and view config print it. */
    public String mode() {
        return key == null ? "open" : "private";
    }

    /** The network key's fingerprint, null for an open network. */
    public String fingerprint() {
        return key == null ? null : key.fingerprint();
    }

    /** What status and view config show: the mode and both fingerprints, never a key. */
    public ControlReply.Network toReply() {
        return new ControlReply.Network(key == null ? ControlReply.NetworkMode.OPEN : ControlReply.NetworkMode.PRIVATE,
                fingerprint(), peer.fingerprint());
    }

    @Override
    public String toString() {
        return key == null ? "an open network" : "the private network " + key.fingerprint();
    }
}
