package io.iwant.tui.cli;

import io.iwant.protocol.UserError;
import io.iwant.protocol.control.ControlRequest;
import io.iwant.protocol.home.Home;
import io.iwant.tui.client.ControlClient;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.StandardOpenOption;

/** Asks the daemon to shut down and waits until it has released its home. */
@Command(name = "stop", mixinStandardHelpOptions = true, description = "Ask the daemon to shut down cleanly.")
final class StopCommand extends ClientCommand {
    private static final long WAIT_NANOS = 10_000_000_000L;

    @Override
    public Integer call() throws InterruptedException {
        Home home = home();
        ControlClient.call(home, new ControlRequest.Stop());
        long deadline = System.nanoTime() + WAIT_NANOS;
        while (!released(home)) {
            if (System.nanoTime() > deadline) {
                throw UserError.failed("the iwant daemon did not stop within 10 seconds (see " + home.log() + ")");
            }
            Thread.sleep(20);
        }
        out().println("iwant daemon stopped");
        return 0;
    }

    /** The daemon holds the home's lock until it has closed everything. */
    private static boolean released(Home home) {
        try (FileChannel channel = FileChannel.open(home.lock(), StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                return false;
            }
            lock.release();
            return true;
        } catch (OverlappingFileLockException e) {
            return false;
        } catch (IOException e) {
            return true; // no lock file: nothing holds the home
        }
    }
}
