package io.iwant.tui.screen.link;

import io.iwant.protocol.UserError;
import io.iwant.protocol.control.ControlReply;
import io.iwant.protocol.control.ControlRequest;
import io.iwant.protocol.home.Home;
import io.iwant.tui.client.ControlClient;
import io.iwant.tui.text.Units;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The daemon of one home, over its control socket: one short connection per request, each with a deadline, so a
 * daemon that hangs turns into a failure the UI can show instead of a worker thread stuck for good. Thread-safe.
 */
public final class SocketLink implements DaemonLink {
    /** Closes connections whose answer is overdue; one daemon thread for every link in the process. */
    private static final ScheduledExecutorService ALARMS = alarms();

    private final Home home;
    private final Duration deadline;

    /** A link whose requests fail after {@code deadline} without an answer. */
    public SocketLink(Home home, Duration deadline) {
        if (deadline.isZero() || deadline.isNegative()) {
            throw new IllegalArgumentException("the deadline must be positive");
        }
        this.home = home;
        this.deadline = deadline;
    }

    /** A link with a 10 second deadline per request. */
    public SocketLink(Home home) {
        this(home, Duration.ofSeconds(10));
    }

    @Override
    public ControlReply.Status status() {
        return expect(call(new ControlRequest.Status()), ControlReply.Status.class, "status");
    }

    @Override
    public List<ControlReply.Hit> search(String query, int limit) {
        return expect(call(new ControlRequest.Search(query, limit)), ControlReply.SearchResults.class, "search")
                .hits();
    }

    @Override
    public String act(ControlRequest request) {
        ControlReply reply = call(request);
        if (reply instanceof ControlReply.Ambiguous ambiguous) {
            throw UserError.failed("the prefix " + ambiguous.prefix() + " matches " + ambiguous.candidates().size()
                    + " files or folders" + (ambiguous.candidates().isEmpty() ? ""
                    : ", e.g. " + Units.shortHash(ambiguous.candidates().get(0).hash())));
        }
        return expect(reply, ControlReply.Done.class, "request").message();
    }

    private ControlReply call(ControlRequest request) {
        ControlClient client = ControlClient.connect(home);
        AtomicBoolean overdue = new AtomicBoolean();
        ScheduledFuture<?> alarm = ALARMS.schedule(() -> {
            overdue.set(true);
            client.close(); // the blocked read fails at once
        }, deadline.toMillis(), TimeUnit.MILLISECONDS);
        try (client) {
            client.send(request);
            return client.receive();
        } catch (UserError e) {
            if (overdue.get()) {
                throw new UserError(UserError.FAILED, "the iwant daemon did not answer within "
                        + Units.duration(deadline.toSeconds()), e);
            }
            throw e;
        } finally {
            alarm.cancel(false);
        }
    }

    private static <T extends ControlReply> T expect(ControlReply reply, Class<T> type, String what) {
        if (!type.isInstance(reply)) {
            throw UserError.failed("the iwant daemon sent an unexpected reply to a " + what + " ("
                    + reply.getClass().getSimpleName() + ")");
        }
        return type.cast(reply);
    }

    private static ScheduledExecutorService alarms() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "iwant-ui-deadline");
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }
}
