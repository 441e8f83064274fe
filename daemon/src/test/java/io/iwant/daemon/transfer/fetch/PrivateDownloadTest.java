package io.iwant.daemon.transfer.fetch;

import io.iwant.daemon.peer.PeerContext;
import io.iwant.protocol.secure.NetworkKey;
import io.iwant.protocol.secure.PeerKey;
import org.zeromq.ZContext;

/**
 * Every download of {@link DownloadTest} (several seeders, a seeder dying or lying, a crash and resume) again, in a
 * private network: metadata and chunks travel sealed, and nothing about downloading changes.
 */
class PrivateDownloadTest extends DownloadTest {
    @Override
    ZContext newContext() {
        return new PeerContext(NetworkKey.generate(), PeerKey.generate());
    }
}
