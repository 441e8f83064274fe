package io.iwant.daemon.network;

import io.iwant.daemon.store.Db;
import io.iwant.protocol.hash.Hex;

import java.io.IOException;
import java.security.SecureRandom;

/** A peer's stable identity: 8 random bytes as hex, made on first start and kept in the database. */
public final class PeerId {
    private PeerId() {
    }

    public static String load(Db db) throws IOException {
        String id = db.meta("peer-id");
        if (id == null) {
            byte[] bytes = new byte[8];
            new SecureRandom().nextBytes(bytes);
            id = Hex.encode(bytes);
            db.putMeta("peer-id", id);
        }
        return id;
    }
}
