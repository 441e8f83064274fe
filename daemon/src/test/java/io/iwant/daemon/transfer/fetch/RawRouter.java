package io.iwant.daemon.transfer.fetch;

import io.iwant.protocol.peer.PeerMessage;
import io.iwant.protocol.wire.Codec;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * A raw ROUTER on 127.0.0.1 for hostile-peer tests: a thread of its own reads each request and hands it to the test,
 * which answers it frame by frame as it likes (or not at all). Requests it cannot decode are dropped.
 */
final class RawRouter implements AutoCloseable {
    /** Answers one request: the identity frame is sent already, the rest is up to the test. */
    interface Answer {
        /** @return false to send nothing (the identity frame is then not sent either) */
        boolean wants(PeerMessage request);

        void answer(ZMQ.Socket router, PeerMessage request) throws Exception;
    }

    private final ZMQ.Socket router;
    private final int port;
    private final Thread thread;
    private volatile boolean running = true;

    RawRouter(ZContext context, Answer answer) {
        router = context.createSocket(SocketType.ROUTER);
        router.setReceiveTimeOut(50);
        router.setLinger(0);
        port = router.bindToRandomPort("tcp://127.0.0.1");
        thread = new Thread(() -> serve(answer));
        thread.start();
    }

    private void serve(Answer answer) {
        while (running) {
            byte[] identity = router.recv(0);
            if (identity == null) {
                continue;
            }
            byte[] payload = router.recv(0);
            try {
                PeerMessage request = Codec.decode(payload, PeerMessage.class);
                if (answer.wants(request)) {
                    router.sendMore(identity);
                    answer.answer(router, request);
                }
            } catch (Exception e) {
                // a test peer: ignore what it cannot read
            }
        }
    }

    SeederDirectory.Seeder endpoint(String id) {
        return new SeederDirectory.Seeder(id, "127.0.0.1:" + port);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join();
        router.close();
    }
}
