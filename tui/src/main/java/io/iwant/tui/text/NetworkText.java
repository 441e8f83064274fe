package io.iwant.tui.text;

import io.iwant.protocol.control.ControlReply;

/** How the network (open or private) reads in the terminal: fingerprints only, as the daemon sends them. */
public final class NetworkText {
    private NetworkText() {
    }

    /** "private, key 3f9a1c228b07", "open", or "private" when the key's fingerprint is not known. */
    public static String summary(ControlReply.Network network) {
        return network.fingerprint() == null ? network.mode().label()
                : network.mode().label() + ", key " + network.fingerprint();
    }

    /** This peer's key fingerprint, or what to say while there is none yet. */
    public static String peerKey(ControlReply.Network network) {
        return network.peerKey() == null ? "none yet (made at the first start)" : network.peerKey();
    }
}
