package io.iwant.daemon.leader;

/** The leader as this peer knows it: its id, its peer endpoint ("host:port"), and whether it is this peer. */
public record LeaderRef(String peerId, String endpoint, boolean self) {
}
