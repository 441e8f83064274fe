package io.iwant.daemon.transfer.fetch;

import io.iwant.protocol.hash.ContentHash;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.BitSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongConsumer;

/**
 * The files a download writes before they are placed: creating a folder's staging tree without following links,
 * checking chunks already on disk (after a restart, or copied from a local file) against their ids. Stateless;
 * runs on the preparing threads.
 */
final class PartFiles {
    private PartFiles() {
    }

    /**
     * Creates the staging folder and the given sub-folders (parents first); when resuming, existing real folders
     * are fine. Adds each to {@code checked} (see {@link SafeNames#inside(Path, String, Set)}).
     */
    static void createTree(Path staging, List<String> dirs, boolean resuming, Set<Path> checked)
            throws IOException {
        createDir(staging, resuming);
        for (String dir : dirs) {
            Path path = SafeNames.inside(staging, dir, checked);
            createDir(path, resuming);
            checked.add(path); // a folder just made, or found real: its files need not look at it again
        }
    }

    private static void createDir(Path dir, boolean resuming) throws IOException {
        try {
            Files.createDirectory(dir);
        } catch (FileAlreadyExistsException e) {
            if (!resuming || !SafeNames.isRealDirectory(dir)) {
                throw new IOException("cannot create the folder " + dir + ": something else is already there"
                        + " (a name that differs only in case or form on this file system?)");
            }
        }
    }

    /** Creates an empty file; when not resuming, it must not exist yet. */
    static void createFile(Path file, boolean resuming) throws IOException {
        try {
            Files.newByteChannel(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS).close();
        } catch (FileAlreadyExistsException e) {
            if (!resuming || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                throw new IOException("cannot create " + file + ": something else is already there"
                        + " (a name that differs only in case or form on this file system?)");
            }
        }
    }

    /** True if the task's file is a regular file of the task's size (it may hold the whole content). */
    static boolean hasSize(FileTask task) {
        try {
            BasicFileAttributes attrs = Files.readAttributes(task.path, BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            return attrs.isRegularFile() && attrs.size() == task.size;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Reads the chunks in {@code candidates} from the task's file and marks done those whose bytes give their ids.
     *
     * @param progress told the bytes of each chunk checked
     * @return the chunks found good
     */
    static BitSet verify(FileTask task, BitSet candidates, LongConsumer progress) throws IOException {
        BitSet good = new BitSet();
        if (candidates.isEmpty()) {
            return good;
        }
        ByteBuffer buffer = ByteBuffer.allocate(task.chunkSize);
        try (FileChannel channel = FileChannel.open(task.path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            for (int i = candidates.nextSetBit(0); i >= 0 && i < task.chunkCount(); i = candidates.nextSetBit(i + 1)) {
                int length = task.length(i);
                buffer.clear().limit(length);
                while (buffer.hasRemaining() && channel.read(buffer, task.offset(i) + buffer.position()) >= 0) {
                    // reading the whole chunk
                }
                if (!buffer.hasRemaining()
                        && task.matches(i, ContentHash.chunkId(buffer.array(), 0, length))) {
                    good.set(i);
                    task.done.set(i);
                }
                progress.accept(length);
            }
        } catch (NoSuchFileException gone) {
            return good;
        }
        return good;
    }

    /**
     * Copies a local file believed to hold the task's content into the task's file, then checks every chunk; the
     * good ones are marked done. Returns them (none if the copy is of another size).
     */
    static BitSet copyLocal(FileTask task, Path source, LongConsumer progress) throws IOException {
        if (!Files.isRegularFile(source) || Files.size(source) != task.size) {
            return new BitSet();
        }
        Files.copy(source, task.path, StandardCopyOption.REPLACE_EXISTING);
        task.created();
        BitSet all = new BitSet();
        all.set(0, task.chunkCount());
        return verify(task, all, progress);
    }
}
