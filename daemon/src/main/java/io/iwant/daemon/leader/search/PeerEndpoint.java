package io.iwant.daemon.leader.search;

/** A peer that holds some content, and the TCP endpoint where its chunk server listens (e.g. tcp://10.0.0.7:7378). */
public record PeerEndpoint(String peerId, String endpoint) {
    public PeerEndpoint {
        if (peerId == null || peerId.isEmpty()) {
            throw new IllegalArgumentException("peer id is empty");
        }
    }
}
